package io.mgmtbus.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a write where it may happen: here when this instance is the elected writer, else passed
 * on to the writer (as Confluent's followers forward to their leader) with the caller's body and
 * credentials, and the writer's answer returned as is. While a writer is being replaced, a write
 * waits for the new one a while before it is refused with an error naming the writer.
 */
final class WriteForwarding {

    /** Marks a forwarded request, so two instances that both think the other writes cannot bounce it forever. */
    static final String FORWARDED_HEADER = "X-Schema-Registry-Forwarded-By";

    /** How long a write waits for a writer: well beyond the time a crashed writer takes to be replaced. */
    static final Duration PATIENCE = WriterElection.SESSION_TIMEOUT.multipliedBy(3);

    /** The least time a forwarded request is given to be answered, however little patience is left. */
    private static final Duration MIN_ANSWER_TIME = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(WriteForwarding.class);
    private static final List<String> PASSED_HEADERS = List.of("Content-Type", "Accept", "Authorization");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Leadership leadership;
    private final Registry registry;
    private final HttpClient http;

    /** {@code peerTrust}: how to trust the writer's HTTPS certificate (null: plain HTTP between instances). */
    WriteForwarding(Leadership leadership, Registry registry, javax.net.ssl.SSLContext peerTrust) {
        this.leadership = leadership;
        this.registry = registry;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (peerTrust != null) {
            client.sslContext(peerTrust);
        }
        this.http = client.build();
    }

    /** {@code write} as a handler that runs on the writer, wherever the request arrived. */
    Handler onWriter(Handler write) {
        return ctx -> handle(ctx, write);
    }

    private void handle(Context ctx, Handler write) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String lastProblem = null;
        while (true) {
            if (leadership.term().isPresent()) {
                try {
                    write.handle(ctx);
                    return;
                } catch (Leadership.NotTheWriter deposedMeanwhile) {
                    // fall through to forwarding
                }
            }
            if (ctx.header(FORWARDED_HEADER) != null) {
                throw RegistryError.noWriter(
                        "this instance (" + leadership.advertisedUrl() + ") received a request forwarded by "
                                + ctx.header(FORWARDED_HEADER) + ", but it is not the schema registry writer"
                                + leadership
                                        .writerUrl()
                                        .map(url -> "; the writer is " + url)
                                        .orElse(""));
            }
            Optional<String> writer = leadership.writerUrl();
            if (writer.isPresent()) {
                try {
                    if (forward(ctx, writer.get(), Duration.ofNanos(deadline - System.nanoTime()))) {
                        readOwnWrite();
                        return;
                    }
                    lastProblem = "it is no longer the writer";
                } catch (ConnectException | HttpConnectTimeoutException unreachable) {
                    if (lastProblem == null) {
                        log.warn(
                                "cannot reach the schema registry writer {} ({}); the write waits up to {}s for a"
                                        + " new writer",
                                writer.get(),
                                unreachable.toString(),
                                PATIENCE.toSeconds());
                    }
                    lastProblem = "cannot connect: " + unreachable; // nothing was sent: safe to try again
                } catch (IOException e) {
                    // Sent, but no answer (the writer stopped meanwhile): it may have acted. A registration or
                    // a config is the same when done twice; a delete is not (the second would fail): not resent.
                    if (ctx.method() == HandlerType.DELETE) {
                        throw RegistryError.forwardFailed(writer.get(), "no answer: " + e);
                    }
                    lastProblem = "no answer: " + e;
                }
            }
            if (System.nanoTime() > deadline) {
                String problem = lastProblemOr(lastProblem);
                throw writer.map(url -> RegistryError.forwardFailed(url, problem))
                        .orElseGet(() -> RegistryError.noWriter("no schema registry writer is elected (waited "
                                + PATIENCE.toSeconds() + "s); is any instance able to reach Kafka?"));
            }
            Thread.sleep(250);
        }
    }

    /** After a forwarded write, this instance reads the log to the end so the caller's next read sees it. */
    private void readOwnWrite() {
        try {
            registry.catchUp();
        } catch (RuntimeException e) {
            // The write succeeded; only this instance's view lags.
            log.warn("after a forwarded write, cannot read the schema log to its end: {}", e.toString());
        }
    }

    /** Passes the request to {@code writer}; false when the writer answered that it no longer is one. */
    private boolean forward(Context ctx, String writer, Duration timeLeft) throws IOException, InterruptedException {
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(writer + ctx.path() + query))
                .timeout(timeLeft.compareTo(MIN_ANSWER_TIME) > 0 ? timeLeft : MIN_ANSWER_TIME)
                .method(ctx.method().name(), HttpRequest.BodyPublishers.ofByteArray(ctx.bodyAsBytes()))
                .header(FORWARDED_HEADER, leadership.advertisedUrl());
        for (String name : PASSED_HEADERS) {
            String value = ctx.header(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() == 500 && errorCode(answer.body()) == 50004) {
            return false;
        }
        ctx.attribute(RegistryApi.ANSWERED, true);
        ctx.status(answer.statusCode());
        answer.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
        ctx.result(answer.body());
        return true;
    }

    private static int errorCode(byte[] body) {
        try {
            return JSON.readTree(body).path("error_code").asInt();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String lastProblemOr(String problem) {
        return problem == null ? "no answer" : problem;
    }
}
