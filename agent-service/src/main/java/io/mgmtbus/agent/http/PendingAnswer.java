package io.mgmtbus.agent.http;

import io.javalin.http.Context;
import java.util.Map;

/** A waiting call that ends without the outcome: the request is on the bus, and its reqid says where to look. */
final class PendingAnswer {

    private PendingAnswer() {}

    static void send(Context ctx, int status, String reqid, String error) {
        ctx.status(status).json(Map.of("reqid", reqid, "state", "pending", "error", error));
    }
}
