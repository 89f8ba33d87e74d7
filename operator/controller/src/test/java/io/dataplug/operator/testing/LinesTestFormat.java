package io.dataplug.operator.testing;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.Format;
import io.dataplug.core.format.FormatTypes;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.ParamType;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.format.StrategySpec;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.NoCorrections;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only text format ({@code lines-test}, one task per object): counts lines ({@code lines} attribute) and
 * records cut points, the first line start at or after each multiple of {@code blockSize}; strategy
 * {@code chunks} (param {@code count}) cuts the dataset into that many slices of about equal bytes at line
 * starts. A NUL byte makes an object malformed. {@link LinesChunkedTestFormat} is the same format indexed in
 * chunks with a finalize step.
 *
 * <p>Test hooks, keyed by a substring of the object URI: {@link #FAILURES} makes indexing fail that many times
 * (a transient storage error), {@link #GATES} holds indexing until the latch is released.
 */
public class LinesTestFormat implements Format<LinesTestFormat.Index, LinesTestFormat.Scan, NoCorrections> {

    /** A scan of bytes [start, end): line starts, the first one, and {@code [k, first line start at or after k*B]}. */
    public record Scan(long lines, long firstLineStart, List<long[]> cuts) {
    }

    /** The index: the cut points (line starts). */
    public record Index(int blockSize, List<Long> cuts) {
    }

    public static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    public static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "lines-test";
    }

    /** Companion files (listed under a prefix but not data), e.g. {@code part-0.txt.side.txt}. */
    @Override
    public java.util.Set<String> companionSuffixes() {
        return java.util.Set.of(".side.txt");
    }

    @Override
    public String description() {
        return "Test-only line-oriented text";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of(ParamSpec.optional("blockSize", ParamType.INT, "4096", "distance between candidate cut points"));
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.PER_OBJECT;
    }

    @Override
    public FormatTypes<Index, Scan, NoCorrections> types() {
        return FormatTypes.chunked(Index.class, Scan.class, NoCorrections.class);
    }

    @Override
    public ObjectIndex<Index> buildIndex(IndexingContext ctx, List<Scan> chunkResults) throws IOException {
        hooks(ctx.source().location().toUri());
        Scan r = scan(ctx, 0, ctx.source().size(), ctx.options().getInt("blockSize"));
        return index(List.of(r), ctx.options().getInt("blockSize"));
    }

    static void hooks(String uri) {
        await(GATES, uri);
        for (var e : FAILURES.entrySet()) {
            if (uri.contains(e.getKey()) && e.getValue().getAndDecrement() > 0) {
                throw new StorageException(uri, "simulated outage (test fault)");
            }
        }
    }

    /** Waits (at most a minute) for every gate whose key the URI contains. */
    static void await(Map<String, CountDownLatch> gates, String uri) {
        for (var e : gates.entrySet()) {
            if (uri.contains(e.getKey())) {
                try {
                    if (!e.getValue().await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("test gate " + e.getKey() + " never opened");
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
    }

    /**
     * Scans bytes [start, end): counts line starts in the range, and for each multiple k*B in the range the first
     * line start at or after it within the range (-1 when there is none).
     */
    static Scan scan(IndexingContext ctx, long start, long end, int block) throws IOException {
        long from = Math.max(0, start - 1);
        long lines = 0;
        long firstLineStart = -1;
        List<long[]> cuts = new ArrayList<>();
        long nextMultiple = ((start + block - 1) / block) * block;
        List<Long> pendingK = new ArrayList<>();
        long lineNo = 0;
        try (InputStream in = ctx.open(from, end)) {
            byte[] buf = new byte[1 << 16];
            long pos = from;
            int prev = start == 0 ? '\n' : -1;
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++, pos++) {
                    int b = buf[i] & 0xff;
                    if (pos >= start) {
                        while (nextMultiple <= pos && nextMultiple < end) {
                            pendingK.add(nextMultiple / block);
                            nextMultiple += block;
                        }
                        if (prev == '\n') {
                            lines++;
                            lineNo++;
                            if (firstLineStart < 0) {
                                firstLineStart = pos;
                            }
                            for (long k : pendingK) {
                                cuts.add(new long[] {k, pos});
                            }
                            pendingK.clear();
                        }
                        if (b == 0) {
                            throw new DataFormatException(ctx.source().location().toUri(), pos, start == 0 ? lineNo : 0,
                                    "NUL byte in text", "is this a binary file?");
                        }
                    }
                    prev = b;
                }
            }
        }
        while (nextMultiple < end) {
            pendingK.add(nextMultiple / block);
            nextMultiple += block;
        }
        for (long k : pendingK) {
            cuts.add(new long[] {k, -1});
        }
        return new Scan(lines, firstLineStart, cuts);
    }

    /** Combines chunk scans (in order) into the object's index. */
    static ObjectIndex<Index> index(List<Scan> chunks, int block) {
        long lines = 0;
        List<Long> cuts = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            Scan r = chunks.get(i);
            lines += r.lines();
            for (long[] kc : r.cuts()) {
                long p = kc[1];
                for (int j = i + 1; p < 0 && j < chunks.size(); j++) {
                    p = chunks.get(j).firstLineStart();
                }
                if (p > 0 && (cuts.isEmpty() || cuts.get(cuts.size() - 1) < p)) {
                    cuts.add(p);
                }
            }
        }
        return new ObjectIndex<>(new Index(block, cuts), Map.of("lines", lines));
    }

    @Override
    public List<StrategySpec> strategies() {
        return List.of(new StrategySpec("chunks", "about equal byte ranges, cut at line starts",
                List.of(ParamSpec.required("count", ParamType.INT, "number of slices"))));
    }

    @Override
    public List<List<SlicePart<NoCorrections>>> partition(PartitionRequest<Index> request) {
        Params params = request.params();
        int count = params.getInt("count");
        Params.requireAtLeast("count", count, 1, "strategy chunks");
        // Candidate boundaries as global offsets (object starts and cuts), each mapped back to (object, offset).
        List<IndexedObject<Index>> objects = request.objects();
        long total = objects.stream().mapToLong(o -> o.source().size()).sum();
        List<long[]> candidates = new ArrayList<>();
        long base = 0;
        for (int o = 0; o < objects.size(); o++) {
            candidates.add(new long[] {base, o, 0});
            for (long c : objects.get(o).index().cuts()) {
                candidates.add(new long[] {base + c, o, c});
            }
            base += objects.get(o).source().size();
        }
        List<Long> bounds = new ArrayList<>();
        bounds.add(0L);
        int ci = 0;
        for (int j = 1; j < count; j++) {
            long target = total * j / count;
            while (ci < candidates.size() && candidates.get(ci)[0] < target) {
                ci++;
            }
            bounds.add(ci < candidates.size() ? candidates.get(ci)[0] : total);
        }
        bounds.add(total);
        List<List<SlicePart<NoCorrections>>> slices = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            long from = bounds.get(j);
            long to = bounds.get(j + 1);
            List<SlicePart<NoCorrections>> parts = new ArrayList<>();
            long objBase = 0;
            for (IndexedObject<Index> o : objects) {
                long size = o.source().size();
                long s = Math.max(from, objBase);
                long e = Math.min(to, objBase + size);
                if (s < e) {
                    parts.add(new SlicePart<>(o.source(), s - objBase, e - objBase, NoCorrections.INSTANCE));
                }
                objBase += size;
            }
            slices.add(parts);
        }
        return slices;
    }

    @Override
    public void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        for (SlicePart<NoCorrections> p : slice.parts(NoCorrections.class)) {
            SourceObject o = p.object();
            try (InputStream in = ctx.open(o, p.start(), p.end())) {
                in.transferTo(out);
            }
        }
    }
}
