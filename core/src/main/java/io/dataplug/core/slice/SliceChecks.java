package io.dataplug.core.slice;

/**
 * The checks every slice passes when a manifest is read, before anything is read: its position, every
 * part's range inside its object, and each part's corrections ({@link Corrections#validate}).
 */
final class SliceChecks {

    private SliceChecks() {
    }

    static void check(Slice slice, String where) {
        require(slice.count() >= 1 && slice.index() >= 0 && slice.index() < slice.count(), where,
                "index " + slice.index() + " is not a slice of a partitioning of " + slice.count());
        require(slice.metadata() != null || slice.isV1(), where, "no metadata root");
        for (int i = 0; i < slice.parts().size(); i++) {
            SlicePart<?> p = slice.parts().get(i);
            String part = where + ": parts[" + i + "]";
            SourceObject o = p.object();
            require(o.size() >= 0, part, "object size " + o.size() + " is negative");
            require(p.start() >= 0 && p.start() <= p.end() && p.end() <= o.size(), part, "range [" + p.start() + ", "
                    + p.end() + ") is not inside the object (" + o.size() + " bytes)");
            try {
                p.corrections().validate(p);
            } catch (InvalidSliceException e) {
                throw new InvalidSliceException(part + ".corrections: " + e.getMessage(), e);
            }
        }
    }

    private static void require(boolean ok, String where, String problem) {
        if (!ok) {
            throw new InvalidSliceException(where + ": " + problem);
        }
    }
}
