package io.dataplug.core.format;

import io.dataplug.core.slice.SourceObject;
import java.io.IOException;
import java.io.InputStream;

/**
 * Checks that a slice part of a line-based format starts where a line starts: the one byte before it must be a
 * line feed (or the part starts the object). A hand-edited start inside a line is refused with a
 * {@link RecordBoundaryException} instead of giving a cut first record. The byte is read on its own, so the
 * part's own range is still served from the prefetched head.
 */
public final class LineStarts {

    private LineStarts() {
    }

    /** Bytes {@code [start, end)} of {@code object}, once the byte before {@code start} is known to end a line. */
    public static InputStream open(SliceContext ctx, SourceObject object, long start, long end, String what) throws IOException {
        require(ctx, object, start, what);
        return ctx.open(object, start, end);
    }

    /** Refuses {@code at} (named {@code what} in the message) unless a line starts there. */
    public static void require(SliceContext ctx, SourceObject object, long at, String what) throws IOException {
        if (at == 0) {
            return;
        }
        int before;
        try (InputStream in = ctx.open(object, at - 1, at)) {
            before = in.read();
        }
        if (before != '\n') {
            throw notAtLineStart(object, at, what);
        }
    }

    public static RecordBoundaryException notAtLineStart(SourceObject object, long at, String what) {
        return new RecordBoundaryException(object.uri(), at, what + " " + at + " is not at the start of a line");
    }
}
