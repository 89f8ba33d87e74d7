package io.dataplug.core.formats.vcf;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Arrays;

/**
 * Known data-line starts, in file order, with what is known of the POS values around each:
 * {@code before} bounds from above the POS of every earlier data line of the same contig (0 at a contig
 * start, {@link #UNKNOWN_BEFORE} when unknown), {@code after} bounds from below the POS of every data line
 * of the same contig at or after it (0 when unknown). A scan knows both exactly (the POS of the lines on
 * either side); a tabix index gives one or the other. Stored as columns, positions delta-encoded.
 */
record Checkpoints(long[] v, long[] before, long[] after) {

    static final long UNKNOWN_BEFORE = -1;

    static Checkpoints empty() {
        return new Checkpoints(new long[0], new long[0], new long[0]);
    }

    int size() {
        return v.length;
    }

    /** Deltas to absolute positions (the stored form is delta-encoded; see {@link #encode}). */
    Checkpoints decode() {
        long[] abs = v.clone();
        for (int i = 1; i < abs.length; i++) {
            abs[i] += abs[i - 1];
        }
        return new Checkpoints(abs, before, after);
    }

    Checkpoints encode() {
        long[] d = v.clone();
        for (int i = d.length - 1; i > 0; i--) {
            d[i] -= d[i - 1];
        }
        return new Checkpoints(d, before, after);
    }

    @JsonIgnore
    boolean isEmpty() {
        return v.length == 0;
    }

    /** Collects checkpoints in file order. */
    static final class Builder {
        private long[] v = new long[64];
        private long[] before = new long[64];
        private long[] after = new long[64];
        private int n;

        void add(long pos, long bef, long aft) {
            if (n > 0 && pos <= v[n - 1]) {
                if (pos == v[n - 1]) {
                    // Same line start twice: keep the tighter bounds.
                    if (before[n - 1] == UNKNOWN_BEFORE || (bef != UNKNOWN_BEFORE && bef < before[n - 1])) {
                        before[n - 1] = bef;
                    }
                    after[n - 1] = Math.max(after[n - 1], aft);
                    return;
                }
                throw new IllegalStateException("checkpoints out of order: " + pos + " after " + v[n - 1]);
            }
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
                before = Arrays.copyOf(before, n * 2);
                after = Arrays.copyOf(after, n * 2);
            }
            v[n] = pos;
            before[n] = bef;
            after[n] = aft;
            n++;
        }

        void addAll(Checkpoints c) {
            for (int i = 0; i < c.size(); i++) {
                add(c.v()[i], c.before()[i], c.after()[i]);
            }
        }

        int size() {
            return n;
        }

        long lastPosition() {
            return n == 0 ? -1 : v[n - 1];
        }

        void setBefore(int i, long value) {
            before[i] = value;
        }

        Checkpoints build() {
            return new Checkpoints(Arrays.copyOf(v, n), Arrays.copyOf(before, n), Arrays.copyOf(after, n));
        }
    }
}
