package io.dataplug.core.formats.cog;

import io.dataplug.core.format.SliceContext;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Evaluates a {@code cog} slice into a tiled GeoTIFF: writes the header and directories, then streams each
 * part's range once, copying its tiles verbatim in the order they lie in the object. Everything the slice says
 * is checked first (it is untrusted input): every tile of the file is given exactly once and lies inside its part.
 */
final class CogSliceWriter {

    private static final int COPY_BUFFER = 1 << 16;

    /** One tile to copy: which part, where in the object, and where it goes in the slice file. */
    private record Copy(int part, long offset, long length, int image, int tile) {
    }

    private CogSliceWriter() {
    }

    static void write(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        List<SlicePart> parts = slice.parts();
        String where = "slice " + slice.index() + " of " + slice.dataset();
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(where + ": a cog slice needs at least one part");
        }
        List<CogPart> corrections = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            CogPart c = CogJson.part(parts.get(p).corrections(), where + " part " + p);
            if ((c.header() != null) != (p == 0)) {
                throw new IllegalArgumentException(where + " part " + p + ": the header belongs to the first part, and only there");
            }
            corrections.add(c);
        }
        CogPart.Header header = corrections.get(0).header();
        List<TiffImage> images = header.images();
        if (images == null || images.isEmpty() || images.size() > 2) {
            throw new IllegalArgumentException(where + ": a cog slice holds an image and at most its mask");
        }
        ByteOrder order = switch (String.valueOf(header.byteOrder())) {
            case "II" -> ByteOrder.LITTLE_ENDIAN;
            case "MM" -> ByteOrder.BIG_ENDIAN;
            default -> throw new IllegalArgumentException(where + ": byte order must be II or MM");
        };
        long expected = 0;
        for (int i = 0; i < images.size(); i++) {
            images.get(i).check(where + " image " + i);
            expected += images.get(i).tileCount();
        }
        List<Copy> copies = copies(parts, corrections, images, expected, where);
        List<long[]> offsets = new ArrayList<>();
        List<long[]> lengths = new ArrayList<>();
        for (TiffImage im : images) {
            offsets.add(new long[(int) im.tileCount()]);
            long[] l = new long[(int) im.tileCount()];
            Arrays.fill(l, -1);
            lengths.add(l);
        }
        long tileBytes = 0;
        for (Copy c : copies) {
            if (lengths.get(c.image())[c.tile()] >= 0) {
                throw new IllegalArgumentException(where + ": tile " + c.tile() + " of image " + c.image() + " is given twice");
            }
            lengths.get(c.image())[c.tile()] = c.length();
            tileBytes += c.length();
        }
        boolean big = header.alwaysBigTiff() || TiffWriter.needsBigTiff(order, images, tileBytes);
        TiffWriter writer = new TiffWriter(order, big);
        long pos = writer.frontSize(images);
        for (Copy c : copies) {
            if (c.length() > 0) {
                offsets.get(c.image())[c.tile()] = pos;
                pos += c.length();
            }
        }
        out.write(writer.front(images, offsets, lengths));
        stream(ctx, parts, copies, out);
        out.flush();
    }

    /** The tiles to copy, checked against the header and the parts, ordered by part and by offset in the object. */
    private static List<Copy> copies(List<SlicePart> parts, List<CogPart> corrections, List<TiffImage> images, long expected,
                                     String where) {
        long given = 0;
        for (CogPart c : corrections) {
            for (CogPart.TileRun r : c.tiles()) {
                if (r.offsets() == null || r.lengths() == null || r.offsets().length != r.lengths().length) {
                    throw new IllegalArgumentException(where + ": a tile run needs as many offsets as lengths");
                }
                given += r.offsets().length;
            }
        }
        if (given != expected) {
            throw new IllegalArgumentException(where + ": the slice lists " + given + " tiles, its images have " + expected);
        }
        List<Copy> copies = new ArrayList<>((int) given);
        for (int p = 0; p < parts.size(); p++) {
            SlicePart part = parts.get(p);
            for (CogPart.TileRun r : corrections.get(p).tiles()) {
                if (r.image() < 0 || r.image() >= images.size() || r.first() < 0
                        || r.first() > images.get(r.image()).tileCount() - r.offsets().length) {
                    throw new IllegalArgumentException(where + " part " + p + ": tiles " + r.first() + "+" + r.offsets().length
                            + " of image " + r.image() + " are not in the slice file");
                }
                for (int i = 0; i < r.offsets().length; i++) {
                    long off = r.offsets()[i];
                    long len = r.lengths()[i];
                    if (len < 0 || len > 0 && (off < 0 || off > part.length() - len)) {
                        throw new IllegalArgumentException(where + " part " + p + ": tile " + (r.first() + i) + " ("
                                + len + " bytes at " + off + ") is outside the part's " + part.length() + " bytes");
                    }
                    copies.add(new Copy(p, part.start() + off, len, r.image(), (int) (r.first() + i)));
                }
            }
        }
        copies.sort(Comparator.comparingInt(Copy::part).thenComparingLong(Copy::offset));
        return copies;
    }

    /** Reads each part once, front to back, copying its tiles; a tile overlapping the previous one is read on its own. */
    private static void stream(SliceContext ctx, List<SlicePart> parts, List<Copy> copies, OutputStream out) throws IOException {
        byte[] buf = new byte[COPY_BUFFER];
        int next = 0;
        for (int p = 0; p < parts.size(); p++) {
            SlicePart part = parts.get(p);
            try (InputStream in = ctx.open(part.object(), part.start(), part.end())) {
                long pos = part.start();
                for (; next < copies.size() && copies.get(next).part() == p; next++) {
                    Copy c = copies.get(next);
                    if (c.length() == 0) {
                        continue;
                    }
                    if (c.offset() < pos) {
                        try (InputStream again = ctx.open(part.object(), c.offset(), c.offset() + c.length())) {
                            copy(again, c.length(), buf, out, part);
                        }
                        continue;
                    }
                    in.skipNBytes(c.offset() - pos);
                    copy(in, c.length(), buf, out, part);
                    pos = c.offset() + c.length();
                }
                if (pos == part.start() && part.length() > 0) {
                    in.skipNBytes(part.length()); // a part without tiles (the header of an all-sparse window): read it to pin the object
                }
            }
        }
    }

    private static void copy(InputStream in, long length, byte[] buf, OutputStream out, SlicePart part) throws IOException {
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException(part.object().uri() + ": range [" + part.start() + ", " + part.end() + ") ended early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }
}
