package io.dataplug.core.formats.vcf;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.testing.Pipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Partitions an indexed VCF with a strategy, evaluates every slice and checks it against the expected lines. */
final class VcfChecks {

    private final Pipeline pipeline;
    private final String format;
    private final Map<String, String> options;
    private final List<ObjectInfo> objects;
    private final String header;

    VcfChecks(Pipeline pipeline, String format, Map<String, String> options, List<ObjectInfo> objects, String header) {
        this.pipeline = pipeline;
        this.format = format;
        this.options = options;
        this.objects = objects;
        this.header = header;
    }

    List<Slice> slices(String strategy, Map<String, String> params) {
        return pipeline.partition(format, options, objects, strategy, params);
    }

    /** Evaluates {@code slices}; each must start with the header; returns each slice's data lines. */
    List<List<String>> evaluate(List<Slice> slices) {
        List<List<String>> out = new ArrayList<>();
        for (Slice s : slices) {
            out.add(VcfTestData.dataOf(pipeline.evaluate(s), header));
        }
        return out;
    }

    /** chunks: at most count slices, none empty, together exactly {@code lines} in order. */
    List<Slice> chunks(int count, List<String> lines) {
        List<Slice> slices = slices("chunks", Map.of("count", String.valueOf(count)));
        List<List<String>> data = evaluate(slices);
        assertThat(slices.size()).as("slices for count %d", count).isBetween(lines.isEmpty() ? 0 : 1, count);
        List<String> all = new ArrayList<>();
        for (List<String> d : data) {
            assertThat(d).as("every chunk holds a variant").isNotEmpty();
            all.addAll(d);
        }
        assertThat(all).as("chunks count=%d", count).isEqualTo(lines);
        return slices;
    }

    /** regions contigs=true: one slice per contig, each exactly that contig's lines. */
    void contigs(List<String> lines) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (String l : lines) {
            expected.computeIfAbsent(l.substring(0, l.indexOf('\t')), k -> new ArrayList<>()).add(l);
        }
        List<Slice> slices = slices("regions", Map.of("contigs", "true"));
        List<List<String>> data = evaluate(slices);
        assertThat(data).isEqualTo(new ArrayList<>(expected.values()));
        for (int i = 0; i < slices.size(); i++) {
            assertThat(slices.get(i).parts(VcfCorrections.class).get(0).corrections().contig())
                    .isEqualTo(new ArrayList<>(expected.keySet()).get(i));
        }
    }

    /**
     * regions bp=n: every slice is one window's lines (POS in [first, last] on its contig), the slices in
     * order hold every line once; when {@code exact}, no slice is empty.
     */
    List<Slice> windows(long bp, List<String> lines, boolean exact) {
        List<Slice> slices = slices("regions", Map.of("bp", String.valueOf(bp)));
        List<List<String>> data = evaluate(slices);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            VcfCorrections c = slices.get(i).parts(VcfCorrections.class).get(0).corrections();
            String contig = c.contig();
            long first = c.first();
            long last = c.last();
            assertThat(last - first + 1).isIn(bp, bp + 1);
            List<String> want = lines.stream().filter(l -> contig.equals(l.substring(0, l.indexOf('\t'))))
                    .filter(l -> {
                        long pos = pos(l);
                        return pos >= first && pos <= last;
                    }).toList();
            assertThat(data.get(i)).as("window %s:%d-%d", contig, first, last).isEqualTo(want);
            if (exact) {
                assertThat(data.get(i)).as("window %s:%d-%d is not empty", contig, first, last).isNotEmpty();
            }
            all.addAll(data.get(i));
        }
        assertThat(all).as("regions bp=%d", bp).isEqualTo(lines);
        return slices;
    }

    static long pos(String line) {
        String[] f = line.split("\t", 3);
        return Long.parseLong(f[1]);
    }

    static String contig(String line) {
        return line.substring(0, line.indexOf('\t'));
    }
}
