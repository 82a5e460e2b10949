package io.mgmtbus.contracts.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordRulesTest {

    private static final Instant NOW = Instant.now();
    private static final NodeDispatchRequest REQUEST = NodeDispatchRequest.newBuilder()
            .setReqid("r1")
            .setAction(List.of("ping"))
            .setIssuedAt(NOW)
            .build();

    @Test
    void aRequestIsKeyedByItsReqid() {
        assertThat(RecordRules.request("r1", REQUEST)).isEmpty();
        assertThat(RecordRules.request("r2", REQUEST)).contains("key 'r2' is not the record's reqid 'r1'");
        assertThat(RecordRules.request(null, REQUEST)).contains("record has no key: the key must be its reqid 'r1'");
        assertThat(RecordRules.request("", REQUEST)).contains("record has no key: the key must be its reqid 'r1'");
        assertThat(RecordRules.request("r1", null))
                .contains("null value on the request topic (requests are never deleted by tombstone)");
        NodeDispatchRequest blank = NodeDispatchRequest.newBuilder()
                .setReqid(" ")
                .setAction(List.of("ping"))
                .setIssuedAt(NOW)
                .build();
        assertThat(RecordRules.request(" ", blank)).contains("request has no reqid");
    }

    @Test
    void aReqidHasABoundedLengthAndAWaveNamesItsNodesOnly() {
        String longId = "r".repeat(RecordRules.MAX_REQID_LENGTH + 1);
        NodeDispatchRequest tooLong =
                NodeDispatchRequest.newBuilder(REQUEST).setReqid(longId).build();
        assertThat(RecordRules.request(longId, tooLong)).get().asString().contains("at most 256");
        NodeDispatchRequest wave = NodeDispatchRequest.newBuilder(REQUEST)
                .setWave(1)
                .setNodes(List.of("a"))
                .build();
        assertThat(RecordRules.request("r1", wave)).isEmpty();
        assertThat(RecordRules.request(
                        "r1",
                        NodeDispatchRequest.newBuilder(wave).setNodes(List.of()).build()))
                .get()
                .asString()
                .contains("must name its nodes");
        assertThat(RecordRules.request(
                        "r1",
                        NodeDispatchRequest.newBuilder(wave).setSelector("a=b").build()))
                .isPresent();
    }

    @Test
    void aResponseNamesItsNode() {
        NodeDispatchResponse ok = NodeDispatchResponse.newBuilder()
                .setReqid("r1")
                .setRespondedAt(NOW)
                .setResult(Results.success("r1", "worker-01", null, "1"))
                .build();
        assertThat(RecordRules.response("r1", ok)).isEmpty();
        NodeDispatchResponse anonymous = NodeDispatchResponse.newBuilder()
                .setReqid("r1")
                .setRespondedAt(NOW)
                .setResult(Results.success("r1", null, null, "1"))
                .build();
        assertThat(RecordRules.response("r1", anonymous))
                .contains("response to r1 has no result.node: the answering node is unknown");
        assertThat(RecordRules.response("r1", null)).contains("null value on the response topic");
    }

    @Test
    void aHelloIsKeyedByItsNodeAndATombstoneNeedsOnlyTheKey() {
        NodeHello hello = NodeHello.newBuilder()
                .setNode("worker-01")
                .setStartedAt(NOW)
                .setSentAt(NOW)
                .build();
        assertThat(RecordRules.hello("worker-01", hello)).isEmpty();
        assertThat(RecordRules.hello("worker-01", null)).isEmpty();
        assertThat(RecordRules.hello("", null)).contains("tombstone without a node name as key");
        assertThat(RecordRules.hello("worker-02", hello))
                .contains("key 'worker-02' is not the record's node name 'worker-01'");
    }
}
