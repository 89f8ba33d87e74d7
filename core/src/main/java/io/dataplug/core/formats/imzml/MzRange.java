package io.dataplug.core.formats.imzml;

/** The m/z range a file states (lowest/highest observed m/z, scan window limits); either end may be unknown (null). */
record MzRange(Double low, Double high) {

    static final MzRange NONE = new MzRange(null, null);

    /** This range widened to take in {@code other}. */
    MzRange with(MzRange other) {
        return new MzRange(pick(low, other.low, true), pick(high, other.high, false));
    }

    MzRange withLow(Double value) {
        return new MzRange(pick(low, value, true), high);
    }

    MzRange withHigh(Double value) {
        return new MzRange(low, pick(high, value, false));
    }

    private static Double pick(Double a, Double b, boolean lowest) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return lowest ? Math.min(a, b) : Math.max(a, b);
    }
}
