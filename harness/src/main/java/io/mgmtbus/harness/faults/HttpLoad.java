package io.mgmtbus.harness.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Callers of {@code POST /dispatch?wait=true}, each waiting for its outcome and then calling
 * again: what the agent's users do. Each answer is sorted: an outcome, an error the agent
 * explained (a status with a JSON {@code error}), a refused or broken connection (the agent is
 * down), or a hang (no answer long after the request's timeout), which must never happen.
 */
final class HttpLoad {

    private static final Pattern REQID = Pattern.compile("\"reqid\"\\s*:\\s*\"([^\"]+)\"");

    private final URI dispatch;
    private final Duration requestTimeout;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Timeline timeline = new Timeline();
    private final List<Thread> callers = new ArrayList<>();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicInteger outcomes = new AtomicInteger();
    private final AtomicInteger explainedErrors = new AtomicInteger();
    private final AtomicInteger connectionErrors = new AtomicInteger();
    private final AtomicInteger hangs = new AtomicInteger();
    private final List<String> sampleErrors = new ArrayList<>();
    private final Set<String> dispatched = ConcurrentHashMap.newKeySet();
    private volatile boolean calling = true;

    HttpLoad(String agentUrl, Duration requestTimeout) {
        this.dispatch = URI.create(agentUrl + "/dispatch?wait=true");
        this.requestTimeout = requestTimeout;
    }

    Timeline timeline() {
        return timeline;
    }

    void start(int count) {
        for (int i = 0; i < count; i++) {
            Thread caller = new Thread(this::call, "faults-caller-" + i);
            caller.setDaemon(true);
            callers.add(caller);
            caller.start();
        }
    }

    private void call() {
        String body = "{\"action\":[\"ping\"],\"timeout\":\"" + requestTimeout.toSeconds() + "s\"}";
        while (calling) {
            String id = "call-" + calls.incrementAndGet();
            long started = System.currentTimeMillis();
            timeline.issued(id, started);
            HttpRequest request = HttpRequest.newBuilder(dispatch)
                    .timeout(requestTimeout.plusSeconds(30)) // the agent's own wait plus slack: past it is a hang
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                Matcher reqid = REQID.matcher(response.body());
                if (reqid.find()) {
                    dispatched.add(reqid.group(1)); // the agent says it wrote this request
                }
                if (response.statusCode() == 200) {
                    outcomes.incrementAndGet();
                    timeline.outcomeSeen(id, System.currentTimeMillis());
                } else if (response.body().contains("\"error\"")) {
                    explainedErrors.incrementAndGet();
                    sample(response.statusCode() + " " + response.body());
                } else {
                    hangs.incrementAndGet(); // an unexplained status counts against the agent like a hang
                    sample("unexplained " + response.statusCode() + " " + response.body());
                }
            } catch (HttpTimeoutException e) {
                hangs.incrementAndGet();
                sample("no answer within " + request.timeout().orElseThrow().toSeconds() + "s");
            } catch (IOException e) {
                connectionErrors.incrementAndGet();
                pause();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample(String error) {
        if (sampleErrors.size() < 5) {
            sampleErrors.add(error);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200); // the agent is down: do not spin while it restarts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops calling and waits for the callers' last answers. */
    void stop(Duration limit) throws InterruptedException {
        calling = false;
        long until = System.nanoTime() + limit.toNanos();
        for (Thread caller : callers) {
            caller.join(Math.max(1, (until - System.nanoTime()) / 1_000_000));
        }
    }

    /** The reqids the agent's answers named: requests it said it dispatched. */
    Set<String> dispatched() {
        return Set.copyOf(dispatched);
    }

    int outcomes() {
        return outcomes.get();
    }

    int explainedErrors() {
        return explainedErrors.get();
    }

    int connectionErrors() {
        return connectionErrors.get();
    }

    int hangs() {
        return hangs.get();
    }

    synchronized List<String> sampleErrors() {
        return List.copyOf(sampleErrors);
    }
}
