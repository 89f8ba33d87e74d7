package io.dataplug.core.format;

import io.dataplug.core.slice.SourceObject;
import java.io.IOException;
import java.io.InputStream;

/**
 * Checks that a slice part of a line-based format starts where a line starts: the one byte before it must be a
 * line feed (or the part starts the object). A hand-edited start inside a line is refused with a
 * {@link RecordBoundaryException} instead of giving a cut first record. Where the part is read anyway, the byte
 * comes with it, in the same GET ({@link #open}, {@link #skipLineFeed}); {@link #require} reads it on its own.
 */
public final class LineStarts {

    private LineStarts() {
    }

    /** Bytes {@code [start, end)} of {@code object}, once the byte before {@code start} is known to end a line. */
    public static InputStream open(SliceContext ctx, SourceObject object, long start, long end, String what) throws IOException {
        if (start == 0) {
            return ctx.open(object, start, end);
        }
        return skipLineFeed(ctx.open(object, start - 1, end), object, start, what);
    }

    /**
     * {@code in}, opened at the byte before {@code at}, past that byte once it is a line feed; closes {@code in} and
     * refuses {@code at} otherwise.
     */
    public static InputStream skipLineFeed(InputStream in, SourceObject object, long at, String what) throws IOException {
        int before;
        try {
            before = in.read();
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        if (before != '\n') {
            in.close();
            throw notAtLineStart(object, at, what);
        }
        return in;
    }

    /** Refuses {@code at} (named {@code what} in the message) unless a line starts there. */
    public static void require(SliceContext ctx, SourceObject object, long at, String what) throws IOException {
        if (at == 0) {
            return;
        }
        try (InputStream in = ctx.open(object, at - 1, at)) {
            skipLineFeed(in, object, at, what);
        }
    }

    public static RecordBoundaryException notAtLineStart(SourceObject object, long at, String what) {
        return new RecordBoundaryException(object.uri(), at, what + " " + at + " is not at the start of a line");
    }
}
