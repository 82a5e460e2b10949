package io.mgmtbus.agent.view;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.targeting.Targeting;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.Result;
import io.mgmtbus.history.audit.AuditFilter;
import io.mgmtbus.history.audit.AuditScan;
import io.mgmtbus.history.audit.AuditTopic;
import io.mgmtbus.topics.ReadProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request's status read from the topics, through the request index: for {@code mgmt request}
 * and for {@code GET /requests/{reqid}} when the agent's recent view does not hold the reqid.
 */
public final class RequestHistory implements AutoCloseable {

    private final AuditScan scan;

    public RequestHistory(BusConfig config, BusTopics topics) {
        this.scan = new AuditScan(config, topics);
    }

    /**
     * The request, its answers and its outcome; empty when none of them is found.
     *
     * @param unindexedWindow how far back to search when the index does not know the reqid (null:
     *     answer from the index only)
     */
    public Optional<RequestStatus> find(String reqid, Duration unindexedWindow) {
        NodeDispatchRequest[] request = {null};
        int[] partition = {-1};
        DispatchOutcome[] outcome = {null};
        List<Result> responses = new ArrayList<>();
        Map<String, Instant> answeredAt = new HashMap<>();
        AuditFilter filter = new AuditFilter(
                reqid,
                null,
                null,
                null,
                null,
                EnumSet.of(AuditTopic.REQUESTS, AuditTopic.RESPONSES, AuditTopic.OUTCOMES),
                null,
                null);
        long found = scan.unindexedWindow(unindexedWindow)
                .run(
                        filter,
                        false,
                        event -> {
                            if (event.event() instanceof NodeDispatchRequest r
                                    && request[0] == null
                                    && !Targeting.isWave(r)) {
                                request[0] = r;
                                partition[0] = event.partition();
                            } else if (event.event() instanceof NodeDispatchResponse r && r.getResult() != null) {
                                responses.add(r.getResult());
                                answeredAt.put(r.getResult().getNode(), r.getRespondedAt());
                            } else if (event.event() instanceof DispatchOutcome o) {
                                outcome[0] = o;
                            }
                        },
                        ReadProgress.NONE);
        return found == 0
                ? Optional.empty()
                : Optional.of(new RequestStatus(reqid, request[0], responses, outcome[0], partition[0], answeredAt));
    }

    @Override
    public void close() {
        scan.close();
    }
}
