package io.mgmtbus.contracts.rollout;

/**
 * A rollout's batch size or error budget as an operator writes it: a count ({@code 5}) or a
 * share of the targeted nodes ({@code 25%}). The streams-app resolves it against the number of
 * targets when the request opens; a share is rounded up and is never below one node.
 *
 * @param amount the count, or the percentage when {@code percent}
 * @param percent whether {@code amount} is a percentage of the targets
 */
public record RolloutLimit(int amount, boolean percent) {

    public RolloutLimit {
        if (amount < 1 || (percent && amount > 100)) {
            throw new InvalidLimit(
                    percent ? amount + "%" : Integer.toString(amount),
                    percent ? "a share must be 1% to 100%" : "a count must be at least 1");
        }
    }

    /** Parses {@code N} or {@code P%}. */
    public static RolloutLimit parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        boolean percent = trimmed.endsWith("%");
        String digits = percent ? trimmed.substring(0, trimmed.length() - 1).trim() : trimmed;
        try {
            return new RolloutLimit(Integer.parseInt(digits), percent);
        } catch (NumberFormatException e) {
            throw new InvalidLimit(trimmed, "write a count like 5 or a share of the targets like 25%");
        }
    }

    /** The limit for {@code targets} nodes: the count, or the share rounded up (at least 1). */
    public int of(int targets) {
        if (!percent) {
            return amount;
        }
        // In integers: 7% of 100 in doubles is 7.000000000000001, which would round up to 8.
        return Math.max(1, (int) ((targets * (long) amount + 99) / 100));
    }

    @Override
    public String toString() {
        return percent ? amount + "%" : Integer.toString(amount);
    }

    /** A limit that does not parse. */
    public static final class InvalidLimit extends IllegalArgumentException {
        InvalidLimit(String text, String why) {
            super("invalid rollout limit '" + text + "': " + why);
        }
    }
}
