package io.dataplug.core.formats.cog;

import io.dataplug.core.format.SliceContext;
import io.dataplug.core.slice.InvalidSliceException;
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
        List<SlicePart<CogPart>> parts = slice.parts(CogPart.class);
        String where = "slice " + slice.index() + " of " + slice.dataset();
        if (parts.isEmpty()) {
            throw new InvalidSliceException(where + ": a cog slice needs at least one part");
        }
        List<CogPart> corrections = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            CogPart c = parts.get(p).corrections();
            if ((c.header() != null) != (p == 0)) {
                throw new InvalidSliceException(where + " part " + p + ": the header belongs to the first part, and only there");
            }
            corrections.add(c);
        }
        CogPart.Header header = corrections.get(0).header();
        List<TiffImage> images = header.images(); // each checked with the part (CogPart.validate)
        ByteOrder order = "MM".equals(header.byteOrder()) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long expected = 0;
        for (TiffImage im : images) {
            expected += im.tileCount();
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
                throw new InvalidSliceException(where + ": tile " + c.tile() + " of image " + c.image() + " is given twice");
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
    private static List<Copy> copies(List<SlicePart<CogPart>> parts, List<CogPart> corrections, List<TiffImage> images, long expected,
                                     String where) {
        long given = 0;
        for (CogPart c : corrections) {
            for (CogPart.TileRun r : c.tiles()) {
                given += r.offsets().length;
            }
        }
        if (given != expected) {
            throw new InvalidSliceException(where + ": the slice lists " + given + " tiles, its images have " + expected);
        }
        List<Copy> copies = new ArrayList<>((int) given);
        for (int p = 0; p < parts.size(); p++) {
            SlicePart<CogPart> part = parts.get(p);
            for (CogPart.TileRun r : corrections.get(p).tiles()) { // each inside its part (CogPart.validate)
                if (r.image() >= images.size() || r.first() > images.get(r.image()).tileCount() - r.offsets().length) {
                    throw new InvalidSliceException(where + " part " + p + ": tiles " + r.first() + "+" + r.offsets().length
                            + " of image " + r.image() + " are not in the slice file");
                }
                for (int i = 0; i < r.offsets().length; i++) {
                    copies.add(new Copy(p, part.start() + r.offsets()[i], r.lengths()[i], r.image(), (int) (r.first() + i)));
                }
            }
        }
        copies.sort(Comparator.comparingInt(Copy::part).thenComparingLong(Copy::offset));
        return copies;
    }

    /** Reads each part once, front to back, copying its tiles; a tile overlapping the previous one is read on its own. */
    private static void stream(SliceContext ctx, List<SlicePart<CogPart>> parts, List<Copy> copies, OutputStream out) throws IOException {
        byte[] buf = new byte[COPY_BUFFER];
        int next = 0;
        for (int p = 0; p < parts.size(); p++) {
            SlicePart<CogPart> part = parts.get(p);
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

    private static void copy(InputStream in, long length, byte[] buf, OutputStream out, SlicePart<?> part) throws IOException {
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
