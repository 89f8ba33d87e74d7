package io.dataplug.core.formats.lines;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.Sizes;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips through the real data path ({@link Pipeline}: chunked preprocessing with small chunks, the
 * partitioner, the slice evaluator), against local files or the embedded S3 server.
 */
abstract class RoundTripSupport {

    /** Small chunks, so that preprocessing really runs many map tasks and a finalize. */
    static final long CHUNK = 4 << 10;

    @TempDir
    Path tmp;

    /** A fresh pipeline whose objects and metadata live under their own name. */
    abstract Pipeline pipeline(String name);

    /**
     * Whether to run the exhaustive sweeps (every span, every writer variant). True on local files; the S3 run
     * covers every scenario once, over HTTP, without repeating the combinatorics.
     */
    boolean thorough() {
        return true;
    }

    /**
     * A tiny preprocessing chunk size for tests that cut small objects into many chunks: as given on local
     * files, ten times larger over HTTP (each chunk costs a few requests), which keeps chunk boundaries on
     * multiples of the given size.
     */
    long tinyChunk(long bytes) {
        return thorough() ? bytes : 10 * bytes;
    }

    /** Indexed objects and what the test expects of them, laid end to end after one header. */
    record Dataset(String format, Map<String, String> options, List<ObjectInfo> objects, byte[] original, byte[] header,
                   List<Long> starts, long records, long dataBytes) {
    }

    static int separator(Map<String, String> options) {
        String s = options.getOrDefault("separator", ",");
        return s.equals("tab") || s.equals("\\t") ? '\t' : s.charAt(0);
    }

    static int quote(String format, Map<String, String> options) {
        if (format.equals("text")) {
            return -1;
        }
        String q = options.getOrDefault("quote", "\"");
        return q.equals("none") ? -1 : q.charAt(0);
    }

    /** Puts and preprocesses the objects; checks the recorded attributes against the reference splitter. */
    static Dataset load(Pipeline p, String format, Map<String, String> options, byte[]... objects) {
        boolean header = format.equals("csv") && !"false".equals(options.get("header"));
        int sep = separator(options);
        int quote = quote(format, options);
        ObjectLocation[] locs = new ObjectLocation[objects.length];
        for (int i = 0; i < objects.length; i++) {
            locs[i] = p.put(String.format("object-%02d.%s", i, format.equals("csv") ? "csv" : "txt"), objects[i]);
        }
        List<ObjectInfo> infos = p.preprocess(format, options, locs);
        byte[] hdr = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<Long> bodyStarts = new ArrayList<>();
        long records = 0;
        for (byte[] data : objects) {
            List<Long> starts = LinesTesting.recordStarts(data, sep, quote);
            byte[] h = header ? LinesTesting.firstRecord(data, starts) : new byte[0];
            if (header && data.length > 0) {
                if (hdr == null) {
                    hdr = h;
                }
                assertThat(h).as("test data: objects share the header").isEqualTo(hdr);
            }
            for (long s : starts) {
                if (s >= h.length) {
                    bodyStarts.add(s - h.length + body.size());
                }
            }
            body.write(data, h.length, data.length - h.length);
            records += header ? Math.max(0, starts.size() - 1) : starts.size();
        }
        hdr = hdr == null ? new byte[0] : hdr;
        List<Long> starts = new ArrayList<>();
        for (long s : bodyStarts) {
            starts.add(s + hdr.length);
        }
        byte[] original = LinesTesting.concat(hdr, body.toByteArray());
        long attr = 0;
        for (IndexedObject<?> o : p.indexes(format, options, infos)) {
            attr += o.attributes().get(format.equals("csv") ? "rows" : "lines");
        }
        assertThat(attr).as("records attribute").isEqualTo(records);
        return new Dataset(format, options, infos, original, hdr, starts, records, body.size());
    }

    static List<byte[]> slices(Pipeline p, Dataset d, String strategy, Map<String, String> params) {
        List<byte[]> out = new ArrayList<>();
        for (Slice s : p.partition(d.format(), d.options(), d.objects(), strategy, params)) {
            out.add(p.evaluate(s));
        }
        return out;
    }

    /** Strategy {@code chunks} with each count: right number of slices, exact reassembly, whole records. */
    static void checkCounts(Pipeline p, Dataset d, long... counts) {
        for (long count : counts) {
            List<byte[]> slices = slices(p, d, LinesFormat.CHUNKS, Map.of("count", Long.toString(count)));
            String what = d.format() + " " + d.options() + " count=" + count;
            LinesTesting.assertCount(what, slices, LinesTesting.expectedSlices(count, d.records()));
            LinesTesting.assertExact(what, d.original(), d.header(), d.starts(), slices);
        }
    }

    /** Strategy {@code chunk-size} with each size: ceil(data bytes / size) slices, capped by the records. */
    static void checkSizes(Pipeline p, Dataset d, String... sizes) {
        for (String size : sizes) {
            long bytes = Sizes.parse(size);
            List<byte[]> slices = slices(p, d, LinesFormat.CHUNK_SIZE, Map.of("bytes", size));
            String what = d.format() + " " + d.options() + " chunk-size=" + size;
            LinesTesting.assertCount(what, slices,
                    LinesTesting.expectedSlices(Math.max(1, (d.dataBytes() + bytes - 1) / bytes), d.records()));
            LinesTesting.assertExact(what, d.original(), d.header(), d.starts(), slices);
        }
    }

    /**
     * The standard sweep: slice counts 1, 2, 7, 64, and more slices than records (on small datasets, where
     * that stays quick), plus a chunk size of a fifth of the data and one larger than all of it.
     */
    static void checkStandard(Pipeline p, Dataset d) {
        checkCounts(p, d, 1, 2, 7, 64);
        if (d.records() <= 100) {
            checkCounts(p, d, d.records() + 3);
        }
        checkSizes(p, d, Math.max(1, d.dataBytes() / 5) + "", "64MiB");
    }

    static byte[] bytes(List<byte[]> slices) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        slices.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }
}
