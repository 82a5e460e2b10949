package io.mgmtbus.contracts.config;

import java.time.Duration;

/** Durations as operators write them: {@code 5s}, {@code 1.5s}, {@code 500ms}, {@code 2m}, {@code 2h}, {@code PT5S}, or plain seconds. */
public final class Durations {

    private Durations() {}

    /** Parses {@code text}; null or blank gives null. A bad value is an {@link IllegalArgumentException} saying what is accepted. */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().toLowerCase();
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase());
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad duration '" + text + "': use e.g. 5s, 500ms, 2m, 24h or PT5S");
        }
    }

    /** Writes {@code duration} as an operator would: 24h, 30m, 10s, 500ms (the largest unit it is a whole number of). */
    public static String format(Duration duration) {
        if (duration.isZero() || duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
