package io.mgmtbus.agent.view;

import io.mgmtbus.contracts.targeting.Targeting;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Recent requests by reqid, each with its answers and outcome, so a lookup never scans a topic.
 * Keeps the latest {@value #MAX_REQUESTS} reqids. Entries are changed and copied for readers
 * under one lock, so a reader never sees an entry half-written.
 */
final class RequestIndex {

    static final int MAX_REQUESTS = 100_000;

    private static final class Entry {
        NodeDispatchRequest request;
        int partition = -1;
        final List<Result> responses = new ArrayList<>();
        final Map<String, Instant> answeredAt = new HashMap<>();
        DispatchOutcome outcome;
    }

    private final Map<String, Entry> requests = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_REQUESTS;
        }
    };

    /** The request as its requester wrote it: a rollout's waves, later on the same partition, do not replace it. */
    void request(NodeDispatchRequest request, int partition) {
        if (Targeting.isWave(request)) {
            return;
        }
        update(request.getReqid(), e -> {
            e.request = request;
            e.partition = partition;
        });
    }

    void response(String reqid, Result result, Instant respondedAt) {
        update(reqid, e -> {
            e.responses.add(result);
            e.answeredAt.put(result.getNode(), respondedAt);
        });
    }

    void outcome(DispatchOutcome outcome) {
        update(outcome.getReqid(), e -> e.outcome = outcome);
    }

    synchronized Optional<RequestStatus> find(String reqid) {
        Entry e = requests.get(reqid);
        return e == null ? Optional.empty() : Optional.of(status(reqid, e));
    }

    /** The latest {@code limit} requests the view has seen, newest first (only answers or an outcome: left out). */
    synchronized List<RequestStatus> recent(int limit) {
        List<RequestStatus> newest = new ArrayList<>();
        List<Map.Entry<String, Entry>> all = new ArrayList<>(requests.entrySet());
        for (int i = all.size() - 1; i >= 0 && newest.size() < limit; i--) {
            if (all.get(i).getValue().request != null) {
                newest.add(status(all.get(i).getKey(), all.get(i).getValue()));
            }
        }
        return newest;
    }

    private static RequestStatus status(String reqid, Entry e) {
        return new RequestStatus(
                reqid, e.request, List.copyOf(e.responses), e.outcome, e.partition, Map.copyOf(e.answeredAt));
    }

    private synchronized void update(String reqid, Consumer<Entry> change) {
        change.accept(requests.computeIfAbsent(reqid, r -> new Entry()));
    }
}
