package io.mgmtbus.agent.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.mgmtbus.agent.view.Rendering;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.history.audit.AuditFilter;
import io.mgmtbus.history.audit.AuditJson;
import io.mgmtbus.history.audit.AuditScan;
import io.mgmtbus.topics.ReadProgress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /audit?reqid=&node=&action=&requester=&state=&topic=&since=&until=&limit=}: the same
 * events as {@code mgmt audit -o json}, streamed as JSON lines while the scan reads them. A bad
 * filter is a 400 with a message, before anything is read; a failure after the first line is the
 * stream's last line, {@code {"error": "..."}}.
 */
final class AuditEndpoint implements EndpointGroup {

    static final int DEFAULT_LIMIT = 10_000;
    private static final Logger log = LoggerFactory.getLogger(AuditEndpoint.class);

    private final BusConfig config;
    private final BusTopics topics;

    AuditEndpoint(BusConfig config, BusTopics topics) {
        this.config = config;
        this.topics = topics;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(new Endpoint(HandlerType.GET, "/audit", this::handle));
    }

    private void handle(Context ctx) throws IOException {
        AuditFilter filter;
        int limit;
        try {
            Instant now = Instant.now();
            filter = new AuditFilter(
                    ctx.queryParam("reqid"),
                    ctx.queryParam("node"),
                    ctx.queryParam("action"),
                    ctx.queryParam("requester"),
                    AuditFilter.state(ctx.queryParam("state")),
                    AuditFilter.topics(ctx.queryParams("topic")),
                    AuditFilter.instant(ctx.queryParam("since"), now),
                    AuditFilter.instant(ctx.queryParam("until"), now));
            limit = limit(ctx.queryParam("limit"));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        ctx.contentType("application/x-ndjson");
        OutputStream out = ctx.outputStream();
        int[] written = {0};
        try (AuditScan scan = new AuditScan(config, topics)) {
            scan.run(
                    filter,
                    false,
                    event -> {
                        if (written[0] >= limit) {
                            scan.stop();
                            return;
                        }
                        try {
                            out.write((AuditJson.line(event) + "\n").getBytes(StandardCharsets.UTF_8));
                            written[0]++;
                        } catch (IOException e) {
                            scan.stop(); // the client went away: stop reading, quietly
                        }
                    },
                    ReadProgress.NONE);
        } catch (RuntimeException e) {
            // The 200 and some lines may be out already: the failure is the stream's last line.
            log.warn("GET /audit failed after {} events: {}", written[0], e.toString());
            out.write(("{\"error\":" + Rendering.JSON.writeValueAsString(String.valueOf(e.getMessage())) + "}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit > 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("bad limit '" + text + "': use a positive number of events");
    }
}
