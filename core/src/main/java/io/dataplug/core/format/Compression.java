package io.dataplug.core.format;

import io.dataplug.core.gzip.Bgzf;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * Compressed data recognized by its first bytes, so that a text format handed a compressed object can say
 * which format fits instead of failing on binary ({@code POS is not a number: '<binary>'}).
 */
public enum Compression {
    NONE("not compressed"),
    GZIP("gzip-compressed"),
    BGZF("BGZF-compressed (bgzip)"),
    BZIP2("bzip2-compressed"),
    XZ("xz-compressed"),
    ZSTD("zstd-compressed");

    private static final int HEAD = 18;

    private final String description;

    Compression(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Recognizes the compression from an object's first bytes (18 are enough). */
    public static Compression of(byte[] b) {
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            // BGZF: FEXTRA set and a 'BC' subfield in the extra field (as far as the bytes given reach)
            boolean bgzf = b.length >= Bgzf.FIXED_HEADER && (b[3] & 4) != 0 && Bgzf.bcBlockSize(b, Bgzf.FIXED_HEADER,
                    Math.min(Bgzf.u16(b, Bgzf.FIXED_HEADER - 2), b.length - Bgzf.FIXED_HEADER)) >= 0;
            return bgzf ? BGZF : GZIP;
        }
        if (b.length >= 3 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h') {
            return BZIP2;
        }
        if (b.length >= 6 && (b[0] & 0xff) == 0xfd && b[1] == '7' && b[2] == 'z' && b[3] == 'X' && b[4] == 'Z' && b[5] == 0) {
            return XZ;
        }
        if (b.length >= 4 && (b[0] & 0xff) == 0x28 && (b[1] & 0xff) == 0xb5 && (b[2] & 0xff) == 0x2f && (b[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** The compression of the object being indexed, from its first bytes. */
    public static Compression of(IndexingContext ctx) throws IOException {
        long n = Math.min(HEAD, ctx.source().size());
        try (InputStream in = ctx.open(0, n)) {
            return of(in.readNBytes((int) n));
        }
    }

    /**
     * Refuses a compressed object given to a text format: the error names the compression and, through
     * {@code hint}, the format that reads it.
     */
    public static void requireUncompressed(IndexingContext ctx, String format, java.util.function.Function<Compression, String> hint)
            throws IOException {
        refuse(of(ctx), ctx, format, hint);
    }

    /**
     * As {@link #requireUncompressed(IndexingContext, String, java.util.function.Function)}, from the first bytes of
     * {@code fromStart}, the object's data from its first byte on: no request of its own. The stream returned gives
     * the same bytes; {@code fromStart} is closed when the object is refused.
     */
    public static InputStream requireUncompressed(InputStream fromStart, IndexingContext ctx, String format,
                                                  java.util.function.Function<Compression, String> hint) throws IOException {
        try {
            byte[] head = fromStart.readNBytes(HEAD);
            refuse(head.length < Math.min(HEAD, ctx.source().size()) ? of(ctx) : of(head), ctx, format, hint);
            return new SequenceInputStream(new ByteArrayInputStream(head), fromStart);
        } catch (IOException | RuntimeException e) {
            try {
                fromStart.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static void refuse(Compression c, IndexingContext ctx, String format,
                               java.util.function.Function<Compression, String> hint) {
        if (c != NONE) {
            throw new DataFormatException(ctx.source().location().toUri(), 0, 0, "the data is " + c.description()
                    + ", not plain " + format + " text", hint.apply(c));
        }
    }
}
