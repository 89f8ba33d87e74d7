package io.dataplug.core.gzip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.Deflater;

/**
 * Builds a {@link GzipIndex} by decompressing a gzip stream once, start to end, verifying every member's
 * CRC-32 and ISIZE.
 *
 * <p>Checkpoints: one at the start; then, at the first candidate position (a deflate block boundary inside a
 * member, or a member start) at least {@code span} uncompressed bytes after the previous checkpoint that the
 * {@link CheckpointPolicy} accepts. Member starts need no window; block boundaries store the last 32 KiB of
 * the member's output (fewer near a member start), compressed, in the windows blob. Only the window bytes
 * that the next 32 KiB of output references are kept; the others are stored as zeros ({@link WindowUse}),
 * which shrinks the compressed windows of typical data by about half. For BGZF every
 * checkpoint lands on a member start. A checkpoint at the very end of the data (e.g. before BGZF's empty EOF
 * block) is dropped.
 *
 * <p>Usage:
 * <pre>{@code
 * GzipIndexer.Result r = GzipIndexer.builder().span(8 << 20).sink(mySink).policy(myPolicy).build().index(in);
 * byte[] table = r.index().toBytes(); byte[] windows = r.windows();
 * }</pre>
 * An indexer holds no state between calls and may be reused, but is not thread-safe.
 */
public final class GzipIndexer {

    /** The index and its windows blob. */
    public record Result(GzipIndex index, byte[] windows) {
    }

    private final long span;
    private final UncompressedSink sink;
    private final CheckpointPolicy policy;
    private final int windowLevel;
    private final int inputBufferSize;
    private final int outputChunkSize;

    private GzipIndexer(Builder b) {
        this.span = b.span;
        this.sink = b.sink;
        this.policy = b.policy;
        this.windowLevel = b.windowLevel;
        this.inputBufferSize = b.inputBufferSize;
        this.outputChunkSize = b.outputChunkSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An indexer with the default span and no sink or policy. */
    public static GzipIndexer create() {
        return builder().build();
    }

    /** Indexes the whole stream, keeping the windows blob in memory. Does not close {@code compressed}. */
    public Result index(InputStream compressed) throws IOException {
        ByteArrayOutputStream windows = new ByteArrayOutputStream();
        GzipIndex index = index(compressed, windows);
        return new Result(index, windows.toByteArray());
    }

    /**
     * Indexes the whole stream, writing the windows blob to {@code windowsOut} as it goes (for very large
     * inputs). Does not close either stream.
     */
    public GzipIndex index(InputStream compressed, OutputStream windowsOut) throws IOException {
        return new Run(compressed, windowsOut).run();
    }

    private final class Run {
        final GzipDecoder d;
        final OutputStream windowsOut;
        final List<Checkpoint> checkpoints = new ArrayList<>();
        final WindowDeflater deflater = new WindowDeflater(windowLevel);
        long windowsLength;
        long declinedAt = -1;
        /** Checkpoints whose windows wait for their use to be known, oldest first; null in the list meanwhile. */
        final ArrayDeque<Pending> pending = new ArrayDeque<>();

        Run(InputStream in, OutputStream windowsOut) {
            this.d = new GzipDecoder(in, 0, inputBufferSize, outputChunkSize);
            this.windowsOut = windowsOut;
        }

        GzipIndex run() throws IOException {
            try {
                d.startAtMember(0, false);
                d.candidateAt(0);
                for (;;) {
                    int r = d.decode();
                    flush();
                    writeCompleteWindows();
                    if (r == GzipDecoder.END) {
                        break;
                    }
                    if (r == GzipDecoder.CANDIDATE) {
                        candidate();
                    }
                }
                long total = d.uncompressedPosition();
                if (checkpoints.size() > 1 && lastOffset() == total) {
                    checkpoints.remove(checkpoints.size() - 1);
                    if (!pending.isEmpty() && pending.peekLast().index() == checkpoints.size()) {
                        pending.pollLast();
                    }
                }
                writeCompleteWindows();
                if (!pending.isEmpty()) {
                    throw new IllegalStateException("window use still open at the end of the stream");
                }
                boolean bgzf = d.memberCount() > 0 && d.bgzfMembers() == d.memberCount();
                return new GzipIndex(span, d.compressedPosition(), total, d.memberCount(), bgzf, windowsLength,
                        checkpoints);
            } finally {
                deflater.close();
            }
        }

        void flush() throws IOException {
            int n = d.outPos - d.flushPos;
            if (n > 0) {
                if (sink != null) {
                    sink.accept(d.out, d.flushPos, n, d.uncompressedPosition() - n);
                }
                d.flushPos = d.outPos;
            }
        }

        void candidate() throws IOException {
            long u = d.uncompressedPosition();
            boolean first = checkpoints.isEmpty();
            if (!first && policy != null) {
                if (u == declinedAt) {
                    return; // another boundary at the same offset (e.g. an empty block): already declined
                }
                if (!policy.take(u)) {
                    declinedAt = u;
                    return; // asked again at the next candidate
                }
            }
            long attachment = policy == null ? 0 : policy.attachment(u);
            long bits = d.bitPosition();
            long prefix = d.candidateIsMemberStart() ? 0 : d.memberPrefixLength();
            if (d.candidateIsMemberStart()) {
                checkpoints.add(Checkpoint.atMemberStart(bits >>> 3, u, attachment));
            } else if (prefix == 0) {
                checkpoints.add(new Checkpoint(bits >>> 3, (int) (bits & 7), u, false, 0, 0, -1, 0, attachment));
            } else {
                byte[] window = d.window();
                WindowUse use = new WindowUse(u, window.length);
                d.track(use);
                pending.add(new Pending(checkpoints.size(), bits, u, prefix, d.memberCrc(), attachment, window, use));
                checkpoints.add(null);
            }
            d.candidateAt(u + span);
        }

        long lastOffset() {
            Checkpoint c = checkpoints.get(checkpoints.size() - 1);
            return c != null ? c.uncompressedOffset() : pending.peekLast().uncompressedOffset();
        }

        /** Writes, in checkpoint order, the windows whose use is fully known. */
        void writeCompleteWindows() throws IOException {
            while (!pending.isEmpty() && pending.peekFirst().use().isComplete()) {
                Pending p = pending.pollFirst();
                int n = deflater.deflate(p.use().sparse(p.window()));
                windowsOut.write(deflater.buffer(), 0, n);
                checkpoints.set(p.index(), new Checkpoint(p.bits() >>> 3, (int) (p.bits() & 7), p.uncompressedOffset(),
                        false, p.prefix(), p.crc(), windowsLength, n, p.attachment()));
                windowsLength += n;
            }
        }
    }

    /** A mid-member checkpoint whose window is written once the decoder knows which of its bytes are used. */
    private record Pending(int index, long bits, long uncompressedOffset, long prefix, int crc, long attachment,
                           byte[] window, WindowUse use) {
    }

    /** Configures a {@link GzipIndexer}. */
    public static final class Builder {
        private long span = GzipIndex.DEFAULT_SPAN;
        private UncompressedSink sink;
        private CheckpointPolicy policy;
        private int windowLevel = Deflater.BEST_COMPRESSION;
        private int inputBufferSize = 1 << 20;
        private int outputChunkSize = 1 << 20;

        private Builder() {
        }

        /** Uncompressed bytes between checkpoints (at least); default {@link GzipIndex#DEFAULT_SPAN}. */
        public Builder span(long span) {
            if (span < 1) {
                throw new IllegalArgumentException("span must be positive: " + span);
            }
            this.span = span;
            return this;
        }

        /** Receives every uncompressed byte, in order. */
        public Builder sink(UncompressedSink sink) {
            this.sink = sink;
            return this;
        }

        /** Chooses checkpoints and their attachments; default: every candidate, attachment 0. */
        public Builder policy(CheckpointPolicy policy) {
            this.policy = policy;
            return this;
        }

        /** Deflater level for the windows (0-9, or -1 for zlib's default). */
        public Builder windowCompressionLevel(int level) {
            if (level < -1 || level > 9) {
                throw new IllegalArgumentException("level " + level);
            }
            this.windowLevel = level;
            return this;
        }

        /** Size of the compressed input buffer (default 1 MiB). */
        public Builder inputBufferSize(int bytes) {
            this.inputBufferSize = bytes;
            return this;
        }

        /** Uncompressed bytes decoded between sink calls (default 1 MiB). */
        public Builder outputChunkSize(int bytes) {
            this.outputChunkSize = bytes;
            return this;
        }

        public GzipIndexer build() {
            return new GzipIndexer(this);
        }
    }

    @Override
    public String toString() {
        return "GzipIndexer[span=" + span + ", sink=" + Objects.toString(sink) + "]";
    }
}
