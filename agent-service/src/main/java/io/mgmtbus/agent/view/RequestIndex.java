package io.mgmtbus.agent.view;

import io.mgmtbus.contracts.targeting.Targeting;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.Result;
import java.util.ArrayList;
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

    void response(String reqid, Result result) {
        update(reqid, e -> e.responses.add(result));
    }

    void outcome(DispatchOutcome outcome) {
        update(outcome.getReqid(), e -> e.outcome = outcome);
    }

    synchronized Optional<RequestStatus> find(String reqid) {
        Entry e = requests.get(reqid);
        return e == null
                ? Optional.empty()
                : Optional.of(new RequestStatus(reqid, e.request, List.copyOf(e.responses), e.outcome, e.partition));
    }

    private synchronized void update(String reqid, Consumer<Entry> change) {
        change.accept(requests.computeIfAbsent(reqid, r -> new Entry()));
    }
}
