package io.dataplug.core.formats.vcf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the scan results of consecutive ranges of one object (in order) into its {@link VcfIndex}, and
 * checks what no single range can: that all header lines come first and end with {@code #CHROM}, and the
 * sort order across range boundaries. Malformed data fails with a
 * {@link io.dataplug.core.format.DataFormatException}.
 */
final class IndexMerger {

    private IndexMerger() {
    }

    static VcfIndex merge(String uri, boolean bgzf, List<ScanResult> parts, long gap) {
        long linesBefore = 0;
        for (ScanResult r : parts) {
            if (r.problem() != null) {
                ScanResult.Problem p = r.problem();
                throw Positions.error(uri, bgzf, p.offset(), linesBefore + p.line(), p.message(), p.hint());
            }
            linesBefore += r.lines();
        }
        // Header: every '#' line before every data line, the last one #CHROM.
        Long firstData = null;
        long firstDataLine = 0;
        Long lastHash = null;
        long lastHashLine = 0;
        boolean lastHashChrom = false;
        Long headerEnd = null;
        linesBefore = 0;
        for (ScanResult r : parts) {
            if (r.firstHash() != null && firstData != null) {
                throw Positions.error(uri, bgzf, r.firstHash(), 0, "header line after data lines",
                        "all ## lines and the #CHROM line must come before the first variant");
            }
            if (r.lastHash() != null) {
                lastHash = r.lastHash();
                lastHashLine = linesBefore + r.lastHashLine();
                lastHashChrom = r.lastHashChrom();
                headerEnd = r.headerEnd();
            }
            if (firstData == null && r.firstData() != null) {
                firstData = r.firstData();
                firstDataLine = linesBefore + r.firstDataLine();
            }
            linesBefore += r.lines();
        }
        String hint = "a VCF starts with ## meta-information lines and the #CHROM column header line";
        if (lastHash == null || !lastHashChrom) {
            if (firstData != null) {
                throw Positions.error(uri, bgzf, firstData, firstDataLine,
                        "no #CHROM header line before the first data line", hint);
            }
            if (lastHash == null) {
                throw Positions.error(uri, bgzf, 0, 0, "no VCF header (the object is empty)", hint);
            }
            throw Positions.error(uri, bgzf, lastHash, lastHashLine, "the header does not end with a #CHROM line", hint);
        }

        // Runs, joined across range boundaries; checkpoints; sort order.
        List<ScanResult.Run> runs = new ArrayList<>();
        Checkpoints.Builder cps = new Checkpoints.Builder();
        long variants = 0;
        long dataEnd = headerEnd;
        String unsorted = null;
        long unsortedAt = Long.MAX_VALUE;
        linesBefore = 0;
        for (ScanResult r : parts) {
            if (r.unsorted() != null && r.unsorted().offset() < unsortedAt) {
                unsortedAt = r.unsorted().offset();
                unsorted = describe(bgzf, r.unsorted().offset(), linesBefore + r.unsorted().line(), r.unsorted().message());
            }
            linesBefore += r.lines();
            int firstCheckpoint = cps.size();
            cps.addAll(r.checkpoints());
            variants += r.variants();
            if (r.dataEnd() != null) {
                dataEnd = r.dataEnd();
            }
            for (int i = 0; i < r.runs().size(); i++) {
                ScanResult.Run run = r.runs().get(i);
                ScanResult.Run prev = runs.isEmpty() ? null : runs.get(runs.size() - 1);
                if (i == 0 && prev != null && prev.contig().equals(run.contig())) {
                    // The range starts in the middle of the previous range's last contig.
                    if (run.firstPos() < prev.lastPos() && run.start() < unsortedAt) {
                        unsortedAt = run.start();
                        unsorted = describe(bgzf, run.start(), 0, "POS " + run.firstPos() + " after POS " + prev.lastPos()
                                + " on contig " + run.contig());
                    }
                    if (firstCheckpoint < cps.size()) {
                        cps.setBefore(firstCheckpoint, prev.lastPos());
                    }
                    runs.set(runs.size() - 1, new ScanResult.Run(prev.contig(), prev.start(), run.end(),
                            prev.variants() + run.variants(), prev.firstPos(), Math.max(prev.lastPos(), run.lastPos()),
                            joinSpans(prev.spans(), run.spans(), gap)));
                } else {
                    runs.add(run);
                }
            }
        }
        Map<String, Long> seen = new HashMap<>();
        for (ScanResult.Run run : runs) {
            Long before = seen.putIfAbsent(run.contig(), run.start());
            if (before != null && run.start() < unsortedAt) {
                unsortedAt = run.start();
                unsorted = describe(bgzf, run.start(), 0, "contig " + run.contig() + " appears again (its first lines are at "
                        + before + ")");
            }
        }
        List<VcfIndex.Contig> contigs = runs.stream()
                .map(r -> new VcfIndex.Contig(r.contig(), r.start(), r.end(), r.variants(), r.spans())).toList();
        return new VcfIndex(VcfIndex.VERSION, "scan", null, null, 0, headerEnd, dataEnd, variants, unsorted == null,
                unsorted, gap, contigs, cps.build().encode());
    }

    private static String describe(boolean bgzf, long offset, long line, String message) {
        return (bgzf ? "virtual offset " : "byte ") + offset + (line > 0 ? " (line " + line + ")" : "") + ": " + message;
    }

    private static long[] joinSpans(long[] a, long[] b, long gap) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        if (b[0] - a[a.length - 1] <= gap && b[0] >= a[a.length - 2]) {
            long[] out = Arrays.copyOf(a, a.length + b.length - 2);
            out[a.length - 1] = Math.max(a[a.length - 1], b[1]);
            System.arraycopy(b, 2, out, a.length, b.length - 2);
            return out;
        }
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
