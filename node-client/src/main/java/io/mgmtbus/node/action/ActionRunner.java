package io.mgmtbus.node.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgmtbus.contracts.dispatch.DispatchErrors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an action vector into an outcome: picks the action, runs it under a time limit, and maps
 * every way it can go wrong to an error message (Zeek's messages where Zeek has one). A failing
 * or hanging action yields an error, never a dead node.
 */
public final class ActionRunner implements AutoCloseable {

    /** What running an action vector produced: JSON data on success, or an error message. */
    public record Outcome(boolean success, String data, String error) {
        static Outcome ok(String json) {
            return new Outcome(true, json, null);
        }

        static Outcome failed(String error) {
            return new Outcome(false, null, error);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Action> actions;
    private final Duration timeLimit;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "node-action");
        thread.setDaemon(true);
        return thread;
    });

    public ActionRunner(Map<String, Action> actions, Duration timeLimit) {
        this.actions = Map.copyOf(actions);
        this.timeLimit = timeLimit;
    }

    public Outcome run(List<String> actionVector) {
        if (actionVector.isEmpty()) {
            return Outcome.failed(DispatchErrors.NO_ARGUMENTS);
        }
        String name = actionVector.get(0);
        Action action = actions.get(name);
        if (action == null) {
            return Outcome.failed(DispatchErrors.unknownAction(name));
        }
        List<String> args = List.copyOf(actionVector.subList(1, actionVector.size()));
        Future<Object> running = executor.submit(() -> action.run(args));
        try {
            return Outcome.ok(toJson(running.get(timeLimit.toMillis(), TimeUnit.MILLISECONDS)));
        } catch (TimeoutException e) {
            running.cancel(true);
            log.warn("action {} exceeded its time limit of {} ms", name, timeLimit.toMillis());
            return Outcome.failed("action " + name + " exceeded its time limit of " + seconds(timeLimit));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ActionError) {
                return Outcome.failed(cause.getMessage());
            }
            log.warn("action {} failed", name, cause);
            return Outcome.failed("action " + name + " failed: " + cause);
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return Outcome.failed("action " + name + " was interrupted: the node is shutting down");
        } catch (JsonProcessingException e) {
            return Outcome.failed(
                    "action " + name + " returned a value that cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    public List<String> actionNames() {
        return actions.keySet().stream().sorted().toList();
    }

    static String toJson(Object value) throws JsonProcessingException {
        return JSON.writeValueAsString(value);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
