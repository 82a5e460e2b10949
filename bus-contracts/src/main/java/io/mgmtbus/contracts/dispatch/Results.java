package io.mgmtbus.contracts.dispatch;

import io.mgmtbus.events.Result;

/** Builders for the Result records every component emits, so they are filled the same way. */
public final class Results {

    private Results() {}

    public static Result success(String reqid, String node, String instance, String jsonData) {
        return Result.newBuilder()
                .setReqid(reqid)
                .setNode(node)
                .setInstance(instance)
                .setSuccess(true)
                .setData(jsonData)
                .build();
    }

    public static Result error(String reqid, String node, String instance, String error) {
        return Result.newBuilder()
                .setReqid(reqid)
                .setNode(node)
                .setInstance(instance)
                .setSuccess(false)
                .setError(error)
                .build();
    }

    /** Zeek's summary form: {@code success (reqid R, instance I, node N)} or {@code error (MSG) (reqid R, node N)}. */
    public static String summary(Result r) {
        return r.getSuccess()
                ? "success (reqid " + r.getReqid() + ", instance " + r.getInstance() + ", node " + r.getNode() + ")"
                : "error (" + r.getError() + ") (reqid " + r.getReqid() + ", node " + r.getNode() + ")";
    }
}
