package io.dataplug.operator.support;

import java.time.Duration;

/** Durations as people write them in messages. */
public final class Durations {

    private Durations() {
    }

    /** 90s as {@code 1m30s}, 5 minutes as {@code 5m}, 5400s as {@code 1h30m}. */
    public static String human(Duration d) {
        long s = d.toSeconds();
        StringBuilder sb = new StringBuilder();
        if (s >= 3600) {
            sb.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            sb.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0 || sb.isEmpty()) {
            sb.append(s).append('s');
        }
        return sb.toString();
    }
}
