package io.dataplug.core.gzip;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Resumes decompression at a {@link Checkpoint}.
 *
 * <pre>{@code
 * Checkpoint cp = index.checkpointFor(wantedOffset);
 * byte[] window = GzipIndex.inflateWindow(cp, rangedRead(windowsBlob, cp.windowOffset(), cp.windowLength()), 0);
 * try (InputStream data = GzipResume.open(cp, window, rangedRead(gzObject, cp.compressedOffset()))) {
 *     data.skipNBytes(wantedOffset - cp.uncompressedOffset());
 *     ...
 * }
 * }</pre>
 */
public final class GzipResume {

    private static final int INPUT_BUFFER = 256 << 10;
    private static final int OUTPUT_CHUNK = 256 << 10;

    private GzipResume() {
    }

    /**
     * @param checkpoint where to start
     * @param window     the checkpoint's uncompressed window ({@link GzipIndex#inflateWindow}); null if
     *                   {@link Checkpoint#hasWindow()} is false
     * @param compressed the gzip object's bytes from {@link Checkpoint#compressedOffset()} on (e.g. the body
     *                   of a ranged GET); read as needed, closed when the returned stream is closed
     * @return the uncompressed data from {@link Checkpoint#uncompressedOffset()} on, across member boundaries,
     *         to the end of the gzip stream. Every member that ends within the data read is verified
     *         (CRC-32 and ISIZE, also the member the checkpoint is in); a corrupt or truncated input throws
     *         {@link GzipFormatException} once the bytes before the problem have been read.
     */
    public static InputStream open(Checkpoint checkpoint, byte[] window, InputStream compressed) throws IOException {
        return open(checkpoint, window, compressed, Until.endOfStream());
    }

    /**
     * Like {@link #open(Checkpoint, byte[], InputStream)}, but the data ends at {@code until}: the returned
     * stream reaches its end only once every byte it returned has been checked against a CRC-32 (see
     * {@link Until}), so a reader that needs only part of the data drains the rest to be sure of what it got.
     * A mismatch throws {@link GzipFormatException} ({@link GzipFormatException.Kind#CRC_MISMATCH}, or
     * {@link GzipFormatException.Kind#INDEX_MISMATCH} when the data does not even reach the checkpoint where
     * the index says) once the bytes before it have been read.
     */
    public static InputStream open(Checkpoint checkpoint, byte[] window, InputStream compressed, Until until)
            throws IOException {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(compressed, "compressed");
        Objects.requireNonNull(until, "until");
        GzipDecoder d = new GzipDecoder(compressed, checkpoint.compressedOffset(), INPUT_BUFFER, OUTPUT_CHUNK);
        if (checkpoint.memberStart()) {
            d.startAtMember(checkpoint.uncompressedOffset(), checkpoint.compressedOffset() > 0);
        } else {
            d.startInMember(checkpoint.bitOffset(), window, checkpoint.uncompressedOffset(),
                    checkpoint.memberPrefixLength(), checkpoint.memberPrefixCrc());
        }
        return new DecoderStream(d, compressed, new EndCheck(d, until));
    }

    /** Decompresses a whole gzip stream (all members) with the same decoder; for symmetry and tests. */
    public static InputStream open(InputStream compressed) throws IOException {
        return open(Checkpoint.atMemberStart(0, 0, 0), null, compressed);
    }

    /**
     * Number of gzip members whose trailer (CRC-32 and size) was verified in the data read so far from a
     * stream returned by {@link #open}; -1 for other streams.
     */
    public static long membersCompleted(InputStream stream) {
        return stream instanceof DecoderStream s ? s.d.memberCount() : -1;
    }

    /** Of the members read so far from a stream returned by {@link #open}, how many had a BGZF header; -1 for other streams. */
    public static long bgzfMembers(InputStream stream) {
        return stream instanceof DecoderStream s ? s.d.bgzfMembers() : -1;
    }

    private static final class DecoderStream extends InputStream {
        private final GzipDecoder d;
        private final InputStream source;
        private final EndCheck end;
        private boolean ended;
        private IOException failure;
        private boolean closed;

        DecoderStream(GzipDecoder d, InputStream source, EndCheck end) {
            this.d = d;
            this.source = source;
            this.end = end;
        }

        /** @return false at the end of the data */
        private boolean fill() throws IOException {
            while (d.flushPos == d.outPos) {
                if (closed) {
                    throw new IOException("stream closed");
                }
                if (failure != null) {
                    throw failure;
                }
                if (ended) {
                    return false;
                }
                try {
                    ended = end.reached(d.decode());
                } catch (IOException e) {
                    // hand out what was decoded before the problem first
                    failure = e;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return d.out[d.flushPos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, d.outPos - d.flushPos);
            System.arraycopy(d.out, d.flushPos, b, off, n);
            d.flushPos += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            while (skipped < n && fill()) {
                int k = (int) Math.min(n - skipped, d.outPos - d.flushPos);
                d.flushPos += k;
                skipped += k;
            }
            return skipped;
        }

        @Override
        public int available() {
            return closed ? 0 : d.outPos - d.flushPos;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                source.close();
            }
        }
    }
}
