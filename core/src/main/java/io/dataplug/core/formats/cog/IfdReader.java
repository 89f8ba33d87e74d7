package io.dataplug.core.formats.cog;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.storage.RangeStreams;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a TIFF's header and its chain of IFDs (classic or BigTIFF, either byte order) with exact ranged reads:
 * per IFD one read for the entry count, one for the entries, and one per run of adjacent out-of-line values. The
 * values are fetched concurrently while the chain is followed, so an IFD costs two round trips. Never reads
 * pixel data.
 */
final class IfdReader {

    static final String NOT_TIFF_HINT = "expected a tiled TIFF or GeoTIFF, such as a Cloud-Optimized GeoTIFF";
    static final int MAX_IFDS = 1024;
    static final int MAX_ENTRIES = 4096;
    /** Out-of-line values closer than this are fetched in one read (writers pad values to even offsets). */
    private static final int VALUE_GAP = 16;

    /** The file's layout and its IFDs, in chain order. */
    record Structure(ByteOrder order, boolean bigTiff, List<RawIfd> ifds) {
    }

    /** One IFD: where it is and its fields by tag (complete once {@link #read} returns). */
    record RawIfd(long offset, Map<Integer, TiffTag> tags) {
        TiffTag get(int tag) {
            return tags.get(tag);
        }
    }

    private final HeaderReads reads;
    private ByteOrder order;
    private boolean big;

    IfdReader(HeaderReads reads) {
        this.reads = reads;
    }

    Structure read() {
        if (reads.size() < 8) {
            throw new DataFormatException(reads.uri(), 0, 0, "not a TIFF: the object has only " + reads.size() + " bytes",
                    NOT_TIFF_HINT);
        }
        byte[] head = reads.read(0, 8, "TIFF header");
        if (head[0] == 'I' && head[1] == 'I') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (head[0] == 'M' && head[1] == 'M') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw notTiff(head);
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(order);
        int magic = b.getShort(2) & 0xffff;
        long first;
        if (magic == 42) {
            first = b.getInt(4) & 0xffffffffL;
        } else if (magic == 43) {
            big = true;
            if ((b.getShort(4) & 0xffff) != 8 || b.getShort(6) != 0) {
                throw new DataFormatException(reads.uri(), 4, 0, "BigTIFF header with an offset size other than 8", null);
            }
            first = ByteBuffer.wrap(reads.read(8, 8, "BigTIFF header")).order(order).getLong();
        } else {
            throw notTiff(head);
        }
        List<RawIfd> ifds = new ArrayList<>();
        List<CompletableFuture<Void>> values = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        try {
            for (long next = first; next != 0; ) {
                if (!seen.add(next) || ifds.size() >= MAX_IFDS) {
                    throw new DataFormatException(reads.uri(), next, 0, ifds.size() >= MAX_IFDS
                            ? "more than " + MAX_IFDS + " IFDs" : "the IFD chain loops back to an IFD already read", null);
                }
                long[] nextOut = new long[1];
                ifds.add(readIfd(next, nextOut, values));
                next = nextOut[0];
            }
            CompletableFuture.allOf(values.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        } finally {
            values.forEach(f -> f.cancel(true));
        }
        if (ifds.isEmpty()) {
            throw new DataFormatException(reads.uri(), 4, 0, "the TIFF has no IFD (first IFD offset is 0)", null);
        }
        return new Structure(order, big, ifds);
    }

    private DataFormatException notTiff(byte[] head) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            hex.append(String.format("%02x", head[i] & 0xff));
        }
        return new DataFormatException(reads.uri(), 0, 0, "not a TIFF (starts with bytes " + hex + ")", NOT_TIFF_HINT);
    }

    private RawIfd readIfd(long offset, long[] next, List<CompletableFuture<Void>> values) {
        int countSize = big ? 8 : 2;
        int entrySize = big ? 20 : 12;
        int offsetSize = big ? 8 : 4;
        ByteBuffer cb = ByteBuffer.wrap(reads.read(offset, countSize, "IFD entry count")).order(order);
        long n = big ? cb.getLong() : cb.getShort() & 0xffff;
        if (n <= 0 || n > MAX_ENTRIES) {
            throw new DataFormatException(reads.uri(), offset, 0, "IFD with " + n + " entries (expected 1 to " + MAX_ENTRIES + ")",
                    "the file is corrupt");
        }
        ByteBuffer e = ByteBuffer.wrap(reads.read(offset + countSize, n * entrySize + offsetSize, "IFD")).order(order);
        Map<Integer, TiffTag> tags = new ConcurrentHashMap<>();
        List<Pending> pending = new ArrayList<>();
        Set<Integer> seenTags = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int base = i * entrySize;
            int tag = e.getShort(base) & 0xffff;
            int type = e.getShort(base + 2) & 0xffff;
            long count = big ? e.getLong(base + 4) : e.getInt(base + 4) & 0xffffffffL;
            int size = Tiff.typeSize(type);
            if (size == 0 || !seenTags.add(tag)) {
                continue; // unknown field types are skipped, as libtiff does; the first of duplicate tags wins
            }
            long bytes = count * size;
            if (count < 0 || bytes / size != count || bytes > reads.size()) {
                throw new DataFormatException(reads.uri(), offset + countSize + base, 0, "tag " + tag + " claims " + count
                        + " values, more than the object holds", "the file is corrupt");
            }
            int valueAt = base + 4 + (big ? 8 : 4);
            if (bytes <= offsetSize) {
                byte[] v = new byte[(int) bytes];
                e.get(valueAt, v);
                tags.put(tag, new TiffTag(tag, type, count, v));
            } else {
                long at = big ? e.getLong(valueAt) : e.getInt(valueAt) & 0xffffffffL;
                pending.add(new Pending(tag, type, count, at, bytes));
            }
        }
        next[0] = big ? e.getLong((int) (n * entrySize)) : e.getInt((int) (n * entrySize)) & 0xffffffffL;
        values.add(CompletableFuture.runAsync(() -> fetch(pending, tags), RangeStreams.ioExecutor()));
        return new RawIfd(offset, tags);
    }

    private record Pending(int tag, int type, long count, long at, long bytes) {
        long end() {
            return at + bytes;
        }
    }

    /** Reads out-of-line values, one read per run of values that lie (nearly) next to each other. */
    private void fetch(List<Pending> pending, Map<Integer, TiffTag> tags) {
        pending.sort(Comparator.comparingLong(Pending::at));
        for (List<Pending> run : Coalesce.runs(pending, Pending::at, Pending::end, VALUE_GAP)) {
            long start = Coalesce.start(run, Pending::at);
            byte[] bytes = reads.read(start, Coalesce.end(run, Pending::end) - start, "value of tag " + run.get(0).tag());
            for (Pending p : run) {
                byte[] v = new byte[(int) p.bytes()];
                System.arraycopy(bytes, (int) (p.at() - start), v, 0, v.length);
                tags.put(p.tag(), new TiffTag(p.tag(), p.type(), p.count(), v));
            }
        }
    }
}
