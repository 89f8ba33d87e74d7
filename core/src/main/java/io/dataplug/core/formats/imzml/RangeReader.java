package io.dataplug.core.formats.imzml;

import io.dataplug.core.storage.RangeStreams;
import io.dataplug.core.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Reads byte ranges of one object in order with few requests: ranges less than {@link #GAP} apart share one read
 * (the bytes between are skipped), and the next small reads are fetched ahead concurrently, so a slice whose
 * spectra are scattered over the file costs a few round trips, not one per spectrum.
 */
final class RangeReader implements AutoCloseable {

    /** Opens bytes {@code [start, end)} of the object, pinned to the ETag the slice names. */
    interface Opener {
        InputStream open(long start, long end);
    }

    static final long GAP = 128 << 10;
    static final long SMALL = 4 << 20;
    static final int AHEAD = 8;

    private record Run(long start, long end, int last) {
    }

    private final Opener opener;
    private final long[] starts;
    private final long[] ends;
    private final List<Run> runs = new ArrayList<>();
    private final Map<Integer, CompletableFuture<byte[]>> fetched = new HashMap<>();
    private int run = -1;
    private int range;
    private InputStream in;
    private long pos;

    /** @param starts range starts in non-decreasing order; {@code ends} the matching ends */
    RangeReader(Opener opener, long[] starts, long[] ends) {
        this.opener = opener;
        this.starts = starts;
        this.ends = ends;
        for (int i = 0; i < starts.length; i++) {
            Run r = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (r != null && starts[i] >= r.end() && starts[i] - r.end() <= GAP) {
                runs.set(runs.size() - 1, new Run(r.start(), Math.max(r.end(), ends[i]), i));
            } else {
                runs.add(new Run(starts[i], ends[i], i));
            }
        }
    }

    /** The next range's bytes. */
    byte[] next() throws IOException {
        int i = advance();
        byte[] b = in.readNBytes((int) (ends[i] - starts[i]));
        if (b.length != ends[i] - starts[i]) {
            throw new EOFException("range ended early at byte " + (starts[i] + b.length));
        }
        pos = ends[i];
        return b;
    }

    /** Copies the next range to {@code out}. */
    void copyNext(OutputStream out) throws IOException {
        int i = advance();
        long left = ends[i] - starts[i];
        byte[] buf = new byte[(int) Math.min(left, 1 << 16)];
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("range ended early at byte " + (ends[i] - left));
            }
            out.write(buf, 0, n);
            left -= n;
        }
        pos = ends[i];
    }

    /** Positions the stream at the start of the next range, opening its run when it is the first. */
    private int advance() throws IOException {
        int i = range++;
        if (run < 0 || i > runs.get(run).last()) {
            if (in != null) {
                in.close();
            }
            run++;
            Run r = runs.get(run);
            for (int a = run + 1; a <= run + AHEAD && a < runs.size(); a++) {
                Run ahead = runs.get(a);
                if (ahead.end() - ahead.start() <= SMALL) {
                    fetched.computeIfAbsent(a, k -> CompletableFuture.supplyAsync(() -> readAll(ahead), RangeStreams.ioExecutor()));
                }
            }
            CompletableFuture<byte[]> f = fetched.remove(run);
            in = f != null ? new ByteArrayInputStream(await(f)) : opener.open(r.start(), r.end());
            pos = r.start();
        }
        in.skipNBytes(starts[i] - pos);
        return i;
    }

    private byte[] readAll(Run r) {
        try (InputStream s = opener.open(r.start(), r.end())) {
            return s.readNBytes((int) (r.end() - r.start()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] await(CompletableFuture<byte[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new StorageException("", String.valueOf(e.getCause()), e.getCause());
        }
    }

    @Override
    public void close() throws IOException {
        fetched.values().forEach(f -> f.cancel(true));
        fetched.clear();
        if (in != null) {
            in.close();
        }
    }
}
