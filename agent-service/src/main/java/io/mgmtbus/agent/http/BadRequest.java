package io.mgmtbus.agent.http;

/** The call is malformed (its body, a query parameter): a 400 with this message. */
final class BadRequest extends RuntimeException {

    BadRequest(String message) {
        super(message);
    }
}
