package io.dataplug.core.formats.vcf;

import io.dataplug.core.gzip.BgzfReader;
import io.dataplug.core.gzip.GzipFormatException;
import io.dataplug.core.gzip.VirtualOffset;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a tabix index ({@code .tbi}) or a coordinate-sorted index ({@code .csi}, as {@code bcftools index}
 * writes for VCF) into a {@link VcfIndex} without reading the data lines. Both are binning indexes:
 * <ul>
 *   <li>the per-contig pseudo-bin gives the contig's first and end virtual offsets and its record count;</li>
 *   <li>the linear index (.tbi) or each bin's {@code loffset} (.csi) gives, per window of
 *       {@code 2^min_shift} bp, the first record overlapping it: a checkpoint before which every record has a
 *       smaller POS than the window start ({@code before});</li>
 *   <li>chunk ends give checkpoints after which every record starts beyond a bin boundary ({@code after}):
 *       every record starting before {@code t} lies in a bin starting before {@code t}, so it ends no later
 *       than the largest chunk end of those bins;</li>
 *   <li>bins' ranges bound where variants may be (the POS spans).</li>
 * </ul>
 */
final class TabixImport {

    private static final int TBX_VCF = 2;

    private TabixImport() {
    }

    /** Why an index cannot be used; the caller scans the object instead. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    record Bin(long number, long loffset, long[] chunks) {
    }

    record Ref(String name, List<Bin> bins, long[] linear) {
    }

    record Parsed(String kind, int minShift, int depth, List<Ref> refs) {

        long pseudoBin() {
            return ((1L << (3 * depth + 3)) - 1) / 7 + 1;
        }

        long binStart(long bin) {
            int level = 0;
            long first = 0;
            while (level < depth) {
                long next = ((1L << (3 * (level + 1))) - 1) / 7;
                if (bin < next) {
                    break;
                }
                first = next;
                level++;
            }
            return (bin - first) << (minShift + 3 * (depth - level));
        }

        long binSize(long bin) {
            int level = 0;
            while (level < depth && bin >= ((1L << (3 * (level + 1))) - 1) / 7) {
                level++;
            }
            return 1L << (minShift + 3 * (depth - level));
        }
    }

    /** Parses an index file (still BGZF-compressed, as stored). */
    static Parsed parse(byte[] file, String uri) throws IOException, Unusable {
        byte[] raw;
        try {
            raw = BgzfReader.inflateAll(file);
        } catch (GzipFormatException e) {
            throw new Unusable(uri + " is not valid BGZF: " + e.detail() + " at byte " + e.compressedOffset());
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (raw.length < 4) {
                throw new Unusable("too short to be an index");
            }
            String magic = new String(raw, 0, 4, StandardCharsets.ISO_8859_1);
            b.position(4);
            if (magic.equals("TBI\1")) {
                int nRef = b.getInt();
                List<String> names = header(b, "tbi");
                if (names.size() != nRef) {
                    throw new Unusable(".tbi names " + names.size() + " sequences but indexes " + nRef);
                }
                List<Ref> refs = new ArrayList<>();
                for (int i = 0; i < nRef; i++) {
                    List<Bin> bins = bins(b, false);
                    int nIntv = b.getInt();
                    long[] linear = new long[nIntv];
                    for (int j = 0; j < nIntv; j++) {
                        linear[j] = b.getLong();
                    }
                    refs.add(new Ref(names.get(i), bins, linear));
                }
                return new Parsed("tbi", 14, 5, refs);
            }
            if (magic.equals("CSI\1")) {
                int minShift = b.getInt();
                int depth = b.getInt();
                int lAux = b.getInt();
                if (lAux < 28) {
                    throw new Unusable(".csi has no tabix header (sequence names); it was not made for a VCF");
                }
                ByteBuffer aux = b.slice(b.position(), lAux).order(ByteOrder.LITTLE_ENDIAN);
                b.position(b.position() + lAux);
                List<String> names = header(aux, "csi");
                int nRef = b.getInt();
                if (names.size() != nRef) {
                    throw new Unusable(".csi names " + names.size() + " sequences but indexes " + nRef);
                }
                List<Ref> refs = new ArrayList<>();
                for (int i = 0; i < nRef; i++) {
                    refs.add(new Ref(names.get(i), bins(b, true), new long[0]));
                }
                return new Parsed("csi", minShift, depth, refs);
            }
            throw new Unusable("not a .tbi or .csi index (magic " + magic.replaceAll("\\p{Cntrl}", "?") + ")");
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new Unusable("the index ends early or is corrupt");
        }
    }

    private static List<String> header(ByteBuffer b, String kind) throws Unusable {
        int format = b.getInt();
        b.getInt(); // col_seq
        b.getInt(); // col_beg
        b.getInt(); // col_end
        b.getInt(); // meta
        b.getInt(); // skip
        int lNm = b.getInt();
        if ((format & 0xffff) != TBX_VCF) {
            throw new Unusable("the ." + kind + " was not made with the VCF preset (format " + format + ")");
        }
        byte[] nm = new byte[lNm];
        b.get(nm);
        List<String> names = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < lNm; i++) {
            if (nm[i] == 0) {
                names.add(new String(nm, s, i - s, StandardCharsets.UTF_8));
                s = i + 1;
            }
        }
        return names;
    }

    private static List<Bin> bins(ByteBuffer b, boolean csi) {
        int nBin = b.getInt();
        List<Bin> bins = new ArrayList<>(nBin);
        for (int i = 0; i < nBin; i++) {
            long bin = b.getInt() & 0xffffffffL;
            long loff = csi ? b.getLong() : 0;
            int nChunk = b.getInt();
            long[] chunks = new long[nChunk * 2];
            for (int j = 0; j < chunks.length; j++) {
                chunks[j] = b.getLong();
            }
            bins.add(new Bin(bin, loff, chunks));
        }
        return bins;
    }

    /**
     * Builds the index from a parsed .tbi/.csi.
     *
     * @param dataStart the virtual offset right after the header, found by reading it
     * @param thin      keep checkpoints at least this many compressed bytes apart (contig starts always kept)
     */
    static VcfIndex toIndex(Parsed p, long dataStart, long dataEnd, long thin) throws Unusable {
        long pseudo = p.pseudoBin();
        List<VcfIndex.Contig> contigs = new ArrayList<>();
        List<long[]> points = new ArrayList<>();
        long variants = 0;
        for (Ref ref : p.refs()) {
            Bin meta = ref.bins().stream().filter(x -> x.number() == pseudo).findFirst().orElse(null);
            List<Bin> bins = ref.bins().stream().filter(x -> x.number() != pseudo && x.chunks().length > 0)
                    .sorted(Comparator.comparingLong(x -> p.binStart(x.number()))).toList();
            if (bins.isEmpty()) {
                continue;
            }
            if (meta == null || meta.chunks().length < 4) {
                throw new Unusable("the index has no per-contig summary (pseudo-bin) for " + ref.name());
            }
            long start = meta.chunks()[0];
            long end = meta.chunks()[1];
            long count = meta.chunks()[2] + meta.chunks()[3];
            variants += count;
            List<long[]> spans = new ArrayList<>();
            List<long[]> cps = new ArrayList<>();
            cps.add(new long[] {start, 0, 0});
            // Linear index (.tbi) or bin loffsets (.csi): records before it are on earlier windows.
            for (int w = 0; w < ref.linear().length; w++) {
                cps.add(new long[] {ref.linear()[w], (long) w << p.minShift(), 0});
            }
            long running = -1;
            long lastStart = -1;
            for (Bin bin : bins) {
                long bs = p.binStart(bin.number());
                if (bin.loffset() > 0) {
                    cps.add(new long[] {bin.loffset(), bs, 0});
                }
                if (bs != lastStart && running > 0) {
                    cps.add(new long[] {running, Checkpoints.UNKNOWN_BEFORE, bs + 1});
                }
                lastStart = bs;
                for (int j = 1; j < bin.chunks().length; j += 2) {
                    running = Math.max(running, bin.chunks()[j]);
                }
                long lo = bs + 1;
                long hi = bs + p.binSize(bin.number());
                if (!spans.isEmpty() && lo <= spans.get(spans.size() - 1)[1] + 1) {
                    long[] last = spans.get(spans.size() - 1);
                    last[1] = Math.max(last[1], hi);
                } else {
                    spans.add(new long[] {lo, hi});
                }
            }
            long[] flat = new long[spans.size() * 2];
            for (int i = 0; i < spans.size(); i++) {
                flat[2 * i] = spans.get(i)[0];
                flat[2 * i + 1] = spans.get(i)[1];
            }
            contigs.add(new VcfIndex.Contig(ref.name(), start, end, count, flat));
            for (long[] c : cps) {
                if (c[0] >= start && c[0] < end) {
                    points.add(c);
                }
            }
        }
        contigs = new ArrayList<>(contigs);
        contigs.sort(Comparator.comparingLong(VcfIndex.Contig::start));
        for (int i = 1; i < contigs.size(); i++) {
            if (contigs.get(i).start() < contigs.get(i - 1).end()) {
                throw new Unusable("contigs " + contigs.get(i - 1).name() + " and " + contigs.get(i).name() + " overlap in the index");
            }
        }
        if (contigs.isEmpty()) {
            if (dataStart != dataEnd) {
                throw new Unusable("the index lists no data but the object has data after its header");
            }
        } else if (contigs.get(0).start() != dataStart) {
            throw new Unusable("the index's first record is at virtual offset " + contigs.get(0).start()
                    + " but the header ends at " + dataStart + " (stale index?)");
        } else if (contigs.get(contigs.size() - 1).end() != dataEnd) {
            throw new Unusable("the index's last record ends at virtual offset " + contigs.get(contigs.size() - 1).end()
                    + " but the data ends at " + dataEnd + " (stale index?)");
        }
        points.sort(Comparator.comparingLong((long[] c) -> c[0]));
        java.util.Set<Long> contigStarts = new java.util.HashSet<>();
        contigs.forEach(c -> contigStarts.add(c.start()));
        Checkpoints.Builder out = new Checkpoints.Builder();
        for (long[] c : points) {
            long last = out.lastPosition();
            boolean keep = last < 0 || contigStarts.contains(c[0]) || c[0] == last
                    || VirtualOffset.blockOf(c[0]) - VirtualOffset.blockOf(last) >= thin;
            if (keep) {
                out.add(c[0], c[1], c[2]);
            }
        }
        return new VcfIndex(VcfIndex.VERSION, p.kind(), null, null, 0, dataStart, dataEnd, variants, true, null, -1,
                contigs, out.build().encode());
    }
}
