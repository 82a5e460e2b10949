package io.mgmtbus.agent.view;

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
        final List<Result> responses = new ArrayList<>();
        DispatchOutcome outcome;
    }

    private final Map<String, Entry> requests = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_REQUESTS;
        }
    };

    void request(NodeDispatchRequest request) {
        update(request.getReqid(), e -> e.request = request);
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
                : Optional.of(new RequestStatus(reqid, e.request, List.copyOf(e.responses), e.outcome));
    }

    private synchronized void update(String reqid, Consumer<Entry> change) {
        change.accept(requests.computeIfAbsent(reqid, r -> new Entry()));
    }
}
