package io.mgmtbus.agent.view;

import io.mgmtbus.events.DispatchOutcome;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Callers waiting for the outcome of a reqid, completed as the outcome is read. */
final class OutcomeWaiters {

    private final Map<String, CompletableFuture<DispatchOutcome>> waiters = new ConcurrentHashMap<>();
    private volatile RuntimeException abandoned;

    /**
     * A future for {@code reqid}'s outcome, complete at once when {@code known} already holds it.
     * The waiter is registered before {@code known} is asked, so an outcome arriving in between
     * completes it either way.
     */
    CompletableFuture<DispatchOutcome> await(String reqid, Supplier<Optional<DispatchOutcome>> known) {
        if (abandoned != null) {
            return CompletableFuture.failedFuture(abandoned);
        }
        CompletableFuture<DispatchOutcome> future = waiters.computeIfAbsent(reqid, r -> new CompletableFuture<>());
        known.get().ifPresent(outcome -> {
            waiters.remove(reqid);
            future.complete(outcome);
        });
        return future;
    }

    /** Fails every waiter with {@code reason}: the agent is stopping and will not read their outcomes. */
    void abandonAll(RuntimeException reason) {
        abandoned = reason;
        waiters.keySet().forEach(reqid -> {
            CompletableFuture<DispatchOutcome> waiter = waiters.remove(reqid);
            if (waiter != null) {
                waiter.completeExceptionally(reason);
            }
        });
    }

    void arrived(DispatchOutcome outcome) {
        CompletableFuture<DispatchOutcome> waiter = waiters.remove(outcome.getReqid());
        if (waiter != null) {
            waiter.complete(outcome);
        }
    }
}
