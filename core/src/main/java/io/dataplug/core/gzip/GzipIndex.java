package io.dataplug.core.gzip;

import io.dataplug.core.util.Search;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The checkpoint table of a gzip object: what partitioning needs. The windows that mid-member checkpoints
 * need are kept apart in a <em>windows blob</em> (see {@link GzipIndexer}): the concatenation of each
 * window compressed on its own in zlib format (RFC 1950); a checkpoint names its window's
 * {@link Checkpoint#windowOffset() offset} and {@link Checkpoint#windowLength() length} there, so one
 * ranged read fetches one window, and {@link #inflateWindow} turns it back into bytes.
 *
 * <h2>Serialized form ({@link #toBytes()}), all integers little-endian</h2>
 * <pre>
 * header, 60 bytes:
 *   0  8  magic "DPGZIDX" followed by format version byte 1
 *   8  4  flags: bit 0 = every member is a BGZF block
 *  12  8  span
 *  20  8  compressed size of the gzip object (-1 unknown)
 *  28  8  uncompressed size (-1 unknown)
 *  36  8  member count (-1 unknown)
 *  44  8  windows blob length
 *  52  4  checkpoint count N
 *  56  4  reserved (0)
 * N checkpoints, 52 bytes each, sorted by uncompressed offset:
 *   0  8  compressed offset
 *   8  1  bit offset (0-7)
 *   9  1  flags: bit 0 = member start
 *  10  2  reserved (0)
 *  12  4  CRC-32 of the member's uncompressed bytes before the checkpoint
 *  16  8  uncompressed offset
 *  24  8  member prefix length (uncompressed bytes of the member before the checkpoint)
 *  32  8  window offset in the windows blob (-1 none)
 *  40  4  compressed window length (0 none)
 *  44  8  attachment
 * trailer: 4  CRC-32 of everything before it
 * </pre>
 *
 * @param span             requested uncompressed distance between checkpoints
 * @param compressedSize   size of the gzip object, -1 if unknown
 * @param uncompressedSize total uncompressed size, -1 if unknown
 * @param memberCount      number of gzip members, -1 if unknown
 * @param bgzf             whether every member is a BGZF block
 * @param windowsLength    length of the windows blob
 * @param checkpoints      checkpoints, sorted by uncompressed offset; the first is at offset 0
 */
public record GzipIndex(long span, long compressedSize, long uncompressedSize, long memberCount, boolean bgzf,
                        long windowsLength, List<Checkpoint> checkpoints) {

    /** Default span between checkpoints: 4 MiB of uncompressed data. */
    public static final long DEFAULT_SPAN = 4L << 20;

    static final byte[] MAGIC = {'D', 'P', 'G', 'Z', 'I', 'D', 'X', 1};
    static final int HEADER_SIZE = 60;
    static final int CHECKPOINT_SIZE = 52;

    public GzipIndex {
        checkpoints = List.copyOf(checkpoints);
        for (int i = 1; i < checkpoints.size(); i++) {
            if (checkpoints.get(i).uncompressedOffset() < checkpoints.get(i - 1).uncompressedOffset()
                    || checkpoints.get(i).compressedBitPosition() <= checkpoints.get(i - 1).compressedBitPosition()) {
                throw new IllegalArgumentException("checkpoints out of order at " + i);
            }
        }
    }

    /** Index of the last checkpoint at or before {@code uncompressedOffset}. */
    public int checkpointIndexFor(long uncompressedOffset) {
        if (checkpoints.isEmpty() || uncompressedOffset < 0) {
            throw new IllegalArgumentException("no checkpoint at or before " + uncompressedOffset);
        }
        return Search.lastAtOrBelow(checkpoints.size(), i -> checkpoints.get(i).uncompressedOffset(), uncompressedOffset);
    }

    /** The last checkpoint at or before {@code uncompressedOffset}: where to start to read from there. */
    public Checkpoint checkpointFor(long uncompressedOffset) {
        return checkpoints.get(checkpointIndexFor(uncompressedOffset));
    }

    /** Serializes the checkpoint table (not the windows). */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + CHECKPOINT_SIZE * checkpoints.size() + 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC);
        b.putInt(bgzf ? 1 : 0);
        b.putLong(span).putLong(compressedSize).putLong(uncompressedSize).putLong(memberCount).putLong(windowsLength);
        b.putInt(checkpoints.size());
        b.putInt(0);
        for (Checkpoint c : checkpoints) {
            b.putLong(c.compressedOffset());
            b.put((byte) c.bitOffset());
            b.put((byte) (c.memberStart() ? 1 : 0));
            b.putShort((short) 0);
            b.putInt(c.memberPrefixCrc());
            b.putLong(c.uncompressedOffset());
            b.putLong(c.memberPrefixLength());
            b.putLong(c.windowOffset());
            b.putInt(c.windowLength());
            b.putLong(c.attachment());
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Reads a checkpoint table written by {@link #toBytes()}. */
    public static GzipIndex fromBytes(byte[] bytes) throws IOException {
        if (bytes.length < HEADER_SIZE + 4 || !Arrays.equals(bytes, 0, 7, MAGIC, 0, 7)) {
            throw new IOException("not a gzip index (bad magic)");
        }
        if (bytes[7] != MAGIC[7]) {
            throw new IOException("unsupported gzip index format version " + bytes[7]);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(bytes.length - 4) != (int) crc.getValue()) {
            throw new IOException("gzip index is corrupt (checksum mismatch)");
        }
        try {
            b.position(8);
            int flags = b.getInt();
            long span = b.getLong();
            long compressedSize = b.getLong();
            long uncompressedSize = b.getLong();
            long memberCount = b.getLong();
            long windowsLength = b.getLong();
            int n = b.getInt();
            b.getInt();
            if (n < 0 || (long) HEADER_SIZE + (long) n * CHECKPOINT_SIZE + 4 != bytes.length) {
                throw new IOException("gzip index is corrupt (length does not match checkpoint count " + n + ")");
            }
            List<Checkpoint> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long co = b.getLong();
                int bit = b.get();
                boolean ms = (b.get() & 1) != 0;
                b.getShort();
                int pcrc = b.getInt();
                long uo = b.getLong();
                long pl = b.getLong();
                long wo = b.getLong();
                int wl = b.getInt();
                long att = b.getLong();
                list.add(new Checkpoint(co, bit, uo, ms, pl, pcrc, wo, wl, att));
            }
            return new GzipIndex(span, compressedSize, uncompressedSize, memberCount, (flags & 1) != 0,
                    windowsLength, list);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException("gzip index is corrupt: " + e.getMessage(), e);
        }
    }

    /**
     * Decompresses a checkpoint's window.
     *
     * @param compressed bytes holding the compressed window at {@code [off, off + cp.windowLength())}, e.g.
     *                   the result of a ranged read of the windows blob
     * @return the {@link Checkpoint#windowSize()} bytes before the checkpoint, or null if it needs none
     */
    public static byte[] inflateWindow(Checkpoint cp, byte[] compressed, int off) throws IOException {
        if (!cp.hasWindow()) {
            return null;
        }
        byte[] window = new byte[cp.windowSize()];
        Inflater inf = new Inflater();
        try {
            inf.setInput(compressed, off, cp.windowLength());
            int n = 0;
            while (n < window.length && !inf.finished()) {
                int k = inf.inflate(window, n, window.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += k;
            }
            if (n != window.length || !inf.finished() && inf.inflate(new byte[1]) != 0 || !inf.finished()) {
                throw new IOException("gzip index window at " + cp.windowOffset() + " is corrupt (wrong length)");
            }
        } catch (DataFormatException e) {
            throw new IOException("gzip index window at " + cp.windowOffset() + " is corrupt: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
        return window;
    }

    /** Decompresses a checkpoint's window from the whole windows blob. */
    public static byte[] windowFromBlob(Checkpoint cp, byte[] windowsBlob) throws IOException {
        if (!cp.hasWindow()) {
            return null;
        }
        if (cp.windowOffset() + cp.windowLength() > windowsBlob.length) {
            throw new IOException("windows blob too short for window at " + cp.windowOffset());
        }
        return inflateWindow(cp, windowsBlob, Math.toIntExact(cp.windowOffset()));
    }
}
