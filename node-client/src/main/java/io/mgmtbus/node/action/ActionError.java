package io.mgmtbus.node.action;

/** Thrown by an action to answer with an error Result whose {@code error} is exactly this message. */
public class ActionError extends Exception {

    public ActionError(String message) {
        super(message);
    }
}
