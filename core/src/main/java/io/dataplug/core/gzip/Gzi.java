package io.dataplug.core.gzip;

import io.dataplug.core.gzip.GzipFormatException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads BGZF {@code .gzi} indexes (as written by {@code bgzip -i} / htslib) and turns them into a
 * {@link GzipIndex} without scanning the data.
 *
 * <p>Format: little-endian uint64 count, then count pairs of uint64 (compressed offset, uncompressed offset),
 * one per BGZF block after the first; the first block, at 0/0, is implicit.
 */
public final class Gzi {

    /** One BGZF block start. */
    public record Entry(long compressedOffset, long uncompressedOffset) {
    }

    private Gzi() {
    }

    /** Parses a {@code .gzi} file; the result starts with the implicit 0/0 entry. */
    public static List<Entry> read(byte[] gzi) throws IOException {
        if (gzi.length < 8) {
            throw new IOException(".gzi too short: " + gzi.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(gzi).order(ByteOrder.LITTLE_ENDIAN);
        long count = b.getLong();
        if (count < 0 || count > (gzi.length - 8) / 16 || 8 + count * 16 != gzi.length) {
            throw new IOException(".gzi is corrupt: count " + count + " does not match its length " + gzi.length);
        }
        List<Entry> entries = new ArrayList<>((int) count + 1);
        entries.add(new Entry(0, 0));
        for (long i = 0; i < count; i++) {
            Entry e = new Entry(b.getLong(), b.getLong());
            Entry prev = entries.get(entries.size() - 1);
            if (e.compressedOffset() <= prev.compressedOffset() || e.uncompressedOffset() < prev.uncompressedOffset()) {
                throw new IOException(".gzi is corrupt: entry " + (i + 1) + " is out of order");
            }
            entries.add(e);
        }
        return entries;
    }

    /** Writes entries (the first, implicit 0/0 one is skipped if present) in {@code .gzi} format. */
    public static byte[] write(List<Entry> entries) {
        int skip = !entries.isEmpty() && entries.get(0).equals(new Entry(0, 0)) ? 1 : 0;
        ByteBuffer b = ByteBuffer.allocate(8 + 16 * (entries.size() - skip)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(entries.size() - skip);
        for (int i = skip; i < entries.size(); i++) {
            b.putLong(entries.get(i).compressedOffset()).putLong(entries.get(i).uncompressedOffset());
        }
        return b.array();
    }

    /**
     * Builds an index of member-start checkpoints (no windows) from {@code .gzi} entries: the first block,
     * then the first block starting at least {@code span} bytes after the previous checkpoint.
     *
     * @param compressedSize   size of the BGZF object, or -1 if unknown
     * @param uncompressedSize total uncompressed size, or -1 if unknown (a {@code .gzi} does not record it;
     *                         decompressing from the last entry gives it, see {@link #uncompressedSize})
     * @return an index with {@link GzipIndex#memberCount()} = number of entries (data blocks; the EOF block is
     *         not counted), marked BGZF, with an empty windows blob
     */
    public static GzipIndex toIndex(List<Entry> entries, long span, long compressedSize, long uncompressedSize) {
        if (span < 1) {
            throw new IllegalArgumentException("span must be positive");
        }
        List<Checkpoint> cps = new ArrayList<>();
        long next = 0;
        for (Entry e : entries) {
            if (e.uncompressedOffset() >= next
                    && (uncompressedSize < 0 || e.uncompressedOffset() < uncompressedSize || cps.isEmpty())) {
                cps.add(Checkpoint.atMemberStart(e.compressedOffset(), e.uncompressedOffset(), 0));
                next = e.uncompressedOffset() + span;
            }
        }
        if (cps.isEmpty()) {
            cps.add(Checkpoint.atMemberStart(0, 0, 0));
        }
        return new GzipIndex(span, compressedSize, uncompressedSize, entries.size(), true, 0, cps);
    }

    /**
     * Total uncompressed size of a BGZF object: the last entry's uncompressed offset plus what the data
     * from that entry on decompresses to.
     *
     * @param tail the object's bytes from {@code last.compressedOffset()} to the end
     */
    public static long uncompressedSize(Entry last, java.io.InputStream tail) throws IOException {
        try (var in = GzipResume.open(Checkpoint.atMemberStart(last.compressedOffset(), last.uncompressedOffset(), 0),
                null, tail)) {
            return last.uncompressedOffset() + in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /**
     * Walks the BGZF block headers of a run of blocks (its compressed bytes, from entry {@code from}'s offset on, up
     * to entry {@code to}'s or, when {@code last}, the end of the object): every
     * block must start where a {@code .gzi} entry says, in order, and hold (trailer ISIZE) what the next entry's
     * uncompressed offset says; blocks the {@code .gzi} does not list may only be empty (BGZF's EOF block).
     * Decompression later checks every block's data against its ISIZE and CRC-32.
     *
     * @return the run's uncompressed length
     */
    public static long checkBlocks(byte[] b, List<Gzi.Entry> entries, int from, int to, boolean last) throws GzipFormatException {
        long c0 = entries.get(from).compressedOffset();
        int q = 0;
        int k = from;
        long total = 0;
        while (q < b.length) {
            long at = c0 + q;
            if (b.length - q < Bgzf.FIXED_HEADER) {
                throw new GzipFormatException(Kind.BAD_HEADER, at, "no BGZF block header here");
            }
            int xlen = Bgzf.extraLength(b, q, at);
            if (q + Bgzf.FIXED_HEADER + xlen > b.length) {
                throw new GzipFormatException(Kind.BAD_HEADER, at, "no BGZF block header here");
            }
            int length = Bgzf.blockSize(b, q, xlen, at);
            if (length > b.length - q) {
                throw new GzipFormatException(Kind.BAD_HEADER, at, "not a BGZF block (its BC size "
                        + "field runs past the blocks)");
            }
            long isize = Bgzf.isize(b, q + length);
            if (isize > Bgzf.MAX_BLOCK) {
                throw new GzipFormatException(Kind.LENGTH_MISMATCH, at, "a BGZF block of " + isize
                        + " uncompressed bytes (at most " + Bgzf.MAX_BLOCK + ")");
            }
            if (k < to && entries.get(k).compressedOffset() == at) {
                long next = k + 1 < entries.size() ? entries.get(k + 1).uncompressedOffset() - entries.get(k).uncompressedOffset() : -1;
                if (next >= 0 && isize != next) {
                    throw new GzipFormatException(Kind.LENGTH_MISMATCH, at, "the block holds " + isize
                            + " uncompressed bytes, the .gzi says " + next);
                }
                k++;
            } else if (isize != 0 || k < to && entries.get(k).compressedOffset() < at) {
                throw new GzipFormatException(Kind.BAD_HEADER, at, "a block the .gzi does not list"
                        + (k < to ? " (it lists one at " + entries.get(k).compressedOffset() + ")" : ""));
            }
            total += isize;
            q += length;
        }
        if (k != to) {
            throw new GzipFormatException(Kind.BAD_HEADER, c0 + q, "the .gzi lists a block at "
                    + entries.get(k).compressedOffset() + " that is not a block start");
        }
        if (!last && total != entries.get(to).uncompressedOffset() - entries.get(from).uncompressedOffset()) {
            throw new GzipFormatException(Kind.LENGTH_MISMATCH, c0, "blocks hold " + total
                    + " uncompressed bytes, the .gzi says otherwise");
        }
        return total;
    }
}
