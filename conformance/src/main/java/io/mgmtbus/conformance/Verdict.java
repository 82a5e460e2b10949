package io.mgmtbus.conformance;

/**
 * What the kit found about one rule of the protocol.
 *
 * @param rule the rule's name, e.g. {@code answer.partition}
 * @param passed whether the node kept it
 * @param detail what was seen: the reason on failure, a fact worth knowing on success
 */
public record Verdict(String rule, boolean passed, String detail) {

    static Verdict pass(String rule, String detail) {
        return new Verdict(rule, true, detail);
    }

    static Verdict fail(String rule, String detail) {
        return new Verdict(rule, false, detail);
    }

    static Verdict of(String rule, boolean passed, String ok, String failure) {
        return new Verdict(rule, passed, passed ? ok : failure);
    }

    public String line() {
        return (passed ? "PASS " : "FAIL ") + rule + ": " + detail;
    }
}
