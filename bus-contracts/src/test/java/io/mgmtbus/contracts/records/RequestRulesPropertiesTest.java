package io.mgmtbus.contracts.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.dispatch.RequestLimits;
import io.mgmtbus.events.NodeDispatchRequest;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The request rules every reader applies decide on any request a client can write (any strings,
 * unicode and control characters, any sizes): a reason or acceptance, never an exception; and
 * whatever is within the limits and keyed by its reqid is accepted.
 */
class RequestRulesPropertiesTest {

    private static final RequestLimits LIMITS = RequestLimits.current();

    @Property(tries = 1000)
    void anyRequestIsJudgedWithoutAnException(
            @ForAll String key,
            @ForAll String reqid,
            @ForAll("elements") List<String> action,
            @ForAll("elements") List<String> nodes) {
        NodeDispatchRequest request = request(reqid, action, nodes);
        assertThat(RecordRules.request(key, request)).isNotNull();
    }

    @Property(tries = 500)
    void aRequestWithinTheLimitsKeyedByItsReqidIsAccepted(
            @ForAll("reqids") String reqid,
            @ForAll @Size(min = 1, max = 65) List<@Size(max = 300) String> action,
            @ForAll @Size(max = 50) List<@Size(max = 200) String> nodes) {
        NodeDispatchRequest request = request(reqid, action, nodes);
        boolean within = LIMITS.check(action, nodes).isEmpty();
        assertThat(RecordRules.request(reqid, request).isEmpty()).isEqualTo(within);
    }

    @Property(tries = 200)
    void tooManyArgumentsAreRefusedNamingTheLimit(@ForAll @Size(min = 1, max = 40) List<String> extra) {
        List<String> action = new java.util.ArrayList<>(List.of("ping"));
        while (action.size() <= LIMITS.maxActionArguments() + 1) {
            action.addAll(extra);
        }
        assertThat(RecordRules.request("r", request("r", action, List.of())))
                .hasValueSatisfying(reason -> assertThat(reason).contains(RequestLimits.MAX_ACTION_ARGUMENTS_ENV));
    }

    @Provide
    Arbitrary<List<String>> elements() {
        return Arbitraries.strings()
                .ofMaxLength(LIMITS.maxArgumentLength() + 10)
                .list()
                .ofMaxSize(LIMITS.maxActionArguments() + 5);
    }

    @Provide
    Arbitrary<String> reqids() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(s -> !s.isBlank());
    }

    private static NodeDispatchRequest request(String reqid, List<String> action, List<String> nodes) {
        return NodeDispatchRequest.newBuilder()
                .setReqid(reqid)
                .setAction(action)
                .setNodes(nodes)
                .setIssuedAt(Instant.now())
                .build();
    }
}
