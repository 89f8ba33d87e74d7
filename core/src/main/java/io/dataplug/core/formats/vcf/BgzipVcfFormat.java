package io.dataplug.core.formats.vcf;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.FormatTypes;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.ParamType;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.gzip.Bgzf;
import io.dataplug.core.gzip.BgzfReader;
import io.dataplug.core.gzip.GzipFormatException;
import io.dataplug.core.gzip.VirtualOffset;
import io.dataplug.core.io.LineReader;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StorageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BGZF-compressed VCF ({@code bgzip}). Positions are virtual offsets; slices decompress only the blocks
 * they need, no windows required. One task per object: with a {@code .tbi} or {@code .csi} beside the
 * object only the header (and a few blocks, to check the index matches) is read; otherwise every block is
 * inflated and every line scanned, as for plain VCF.
 */
public final class BgzipVcfFormat extends AbstractVcfFormat<Void> {

    private static final Logger LOG = LoggerFactory.getLogger(BgzipVcfFormat.class);
    static final String REUSE_INDEX = "reuse-index";
    /** Contigs whose first line is read to check that a .tbi/.csi matches the object. */
    private static final int CONTIGS_CHECKED = 8;

    public BgzipVcfFormat() {
        super(true);
    }

    @Override
    public Set<String> companionSuffixes() {
        return Set.of(".tbi", ".csi");
    }

    @Override
    public String name() {
        return "vcf-bgzip";
    }

    @Override
    public String description() {
        return "Variant Call Format compressed with bgzip (BGZF); reuses a .tbi or .csi beside the object; slices "
                + "are the full header plus whole data lines, uncompressed";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of(CHECKPOINT_OPTION, GAP_OPTION, ParamSpec.optional(REUSE_INDEX, ParamType.BOOLEAN, "true",
                "use a .tbi or .csi beside the object (same key plus .tbi/.csi) instead of scanning the data"));
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.PER_OBJECT;
    }

    @Override
    boolean bgzf() {
        return true;
    }

    @Override
    public FormatTypes<VcfIndex, Void, VcfCorrections> types() {
        return FormatTypes.perObject(VcfIndex.class, VcfCorrections.class);
    }

    @Override
    public ObjectIndex<VcfIndex> buildIndex(IndexingContext ctx, List<Void> chunkResults)
            throws IOException {
        String uri = ctx.source().location().toUri();
        long size = ctx.source().size();
        checkEofMarker(ctx, uri, size);
        List<String> ignored = new ArrayList<>();
        if (ctx.options().getBoolean(REUSE_INDEX)) {
            for (String suffix : List.of(".tbi", ".csi")) {
                Optional<ObjectIndex<VcfIndex>> reused = reuse(ctx, uri, size, suffix, ignored);
                if (reused.isPresent()) {
                    return reused.get();
                }
            }
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        Scanner scanner = new Scanner(spacing(ctx.options(), size), gap(ctx.options()), header, ctx.progress());
        ScanResult scan;
        try (LineReader r = LineReader.bgzf(ctx.open(0, size), new VirtualOffset(0, 0))) {
            scan = scanner.scan(r, Long.MAX_VALUE);
        } catch (GzipFormatException e) {
            throw Positions.bgzfError(uri, e);
        }
        VcfIndex index = IndexMerger.merge(uri, true, List.of(scan), gap(ctx.options()));
        byte[] h = header.toByteArray();
        storeHeader(ctx, h);
        index = index.withHeaderLength(h.length);
        if (!ignored.isEmpty()) {
            index = index.withCompanion(null, String.join("; ", ignored));
        }
        return objectIndex(index);
    }

    /** bgzip ends every file with an empty block; without it the file was cut short. */
    private static void checkEofMarker(IndexingContext ctx, String uri, long size) throws IOException {
        int marker = Bgzf.eofMarkerLength();
        if (size < marker) {
            throw new DataFormatException(uri, size, 0, "too short for BGZF (" + size + " bytes)",
                    size == 0 ? "the object is empty" : "the file is truncated");
        }
        byte[] tail;
        try (InputStream in = ctx.open(size - marker, size)) {
            tail = in.readAllBytes();
        }
        if (!Bgzf.isEofMarker(tail)) {
            // Say what is wrong: not gzip at all, gzip but not BGZF, or BGZF cut short.
            try (BgzfReader first = new BgzfReader(ctx.open(0, Math.min(size, Bgzf.MAX_BLOCK)), 0)) {
                first.next();
            } catch (GzipFormatException e) {
                if (e.kind() != GzipFormatException.Kind.TRUNCATED) {
                    throw Positions.bgzfError(uri, e);
                }
            }
            throw new DataFormatException(uri, size, 0, "no BGZF end-of-file marker: the file is truncated",
                    "bgzip ends every file with an empty block; re-upload or recompress the file");
        }
    }

    private Optional<ObjectIndex<VcfIndex>> reuse(IndexingContext ctx, String uri, long size, String suffix, List<String> ignored)
            throws IOException {
        ObjectLocation src = ctx.source().location();
        String companion = new ObjectLocation(src.scheme(), src.bucket(), src.key() + suffix).toUri();
        Optional<byte[]> file;
        try {
            file = ctx.readBeside(suffix);
        } catch (ObjectChangedException e) {
            throw e;
        } catch (StorageException e) {
            ignored.add(companion + ": cannot read (" + e.getMessage() + ")");
            LOG.warn("{}: cannot read {}, scanning the data instead: {}", uri, companion, e.getMessage());
            return Optional.empty();
        }
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            TabixImport.Parsed parsed = TabixImport.parse(file.get(), companion);
            Header header = readHeader(ctx, uri, size);
            long dataEnd = VirtualOffset.pack(size - Bgzf.eofMarkerLength(), 0);
            long spacing = ctx.options().getLong(CHECKPOINT);
            long thin = Math.max(1, Math.min(spacing / 4, size / 4096));
            VcfIndex index = TabixImport.toIndex(parsed, header.dataStart(), dataEnd, thin);
            verify(ctx, uri, size, index);
            storeHeader(ctx, header.bytes());
            ctx.progress().accept(size);
            return Optional.of(objectIndex(index.withHeaderLength(header.bytes().length).withCompanion(companion, null)));
        } catch (TabixImport.Unusable | DataFormatException e) {
            if (e instanceof DataFormatException d && d.objectUri().equals(uri)) {
                throw d; // the data itself is bad, not the index
            }
            ignored.add(companion + ": " + e.getMessage());
            LOG.warn("{}: not using {} ({}); scanning the data instead", uri, companion, e.getMessage());
            return Optional.empty();
        }
    }

    record Header(byte[] bytes, long dataStart) {
    }

    /**
     * Reads the header: the lines before the first data line, which must end with {@code #CHROM}. Reads
     * growing prefixes of the object (from 256 KiB) rather than streaming the whole object.
     */
    static Header readHeader(IndexingContext ctx, String uri, long size) throws IOException {
        long limit = Math.min(size, 256 << 10);
        while (true) {
            try {
                Header h = readHeader(ctx, uri, limit, limit == size);
                if (h != null) {
                    return h;
                }
            } catch (DataFormatException e) {
                if (limit == size) {
                    throw e;
                }
            }
            limit = Math.min(size, limit * 4);
        }
    }

    private static Header readHeader(IndexingContext ctx, String uri, long limit, boolean whole) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long line = 0;
        long lastHash = -1;
        boolean chrom = false;
        try (LineReader r = LineReader.bgzf(ctx.open(0, limit), new VirtualOffset(0, 0))) {
            while (true) {
                long p = r.peek();
                if (p < 0) {
                    if (!whole) {
                        return null;
                    }
                    break;
                }
                if (r.nextByte() != '#') {
                    break;
                }
                r.next();
                byte[] b = r.buffer();
                if (!r.terminated() && !whole) {
                    return null;
                }
                line++;
                lastHash = p;
                int o = r.offset();
                chrom = r.length() >= 6 && new String(b, o, 6, StandardCharsets.US_ASCII).equals("#CHROM")
                        && (r.length() == 6 || b[o + 6] == '\t' || b[o + 6] == '\r' || b[o + 6] == '\n');
                bytes.write(b, o, r.length());
            }
            long dataStart = r.positionAfter();
            if (!chrom) {
                String hint = "a VCF starts with ## meta-information lines and the #CHROM column header line";
                if (lastHash < 0) {
                    throw Positions.error(uri, true, dataStart, 1, "no VCF header before the first data line", hint);
                }
                throw Positions.error(uri, true, lastHash, line, "the header does not end with a #CHROM line", hint);
            }
            return new Header(bytes.toByteArray(), dataStart);
        } catch (GzipFormatException e) {
            throw Positions.bgzfError(uri, e);
        }
    }

    /** Checks that a few contigs' first lines are where the .tbi/.csi says, and on the right contig. */
    private static void verify(IndexingContext ctx, String uri, long size, VcfIndex index)
            throws IOException, TabixImport.Unusable {
        List<VcfIndex.Contig> contigs = index.contigs();
        int n = contigs.size();
        int step = Math.max(1, (n + CONTIGS_CHECKED - 1) / CONTIGS_CHECKED);
        for (int i = 0; i < n; i += step) {
            check(ctx, uri, size, contigs.get(i));
        }
        if (n > 0 && (n - 1) % step != 0) {
            check(ctx, uri, size, contigs.get(n - 1));
        }
    }

    private static void check(IndexingContext ctx, String uri, long size, VcfIndex.Contig c)
            throws IOException, TabixImport.Unusable {
        long block = VirtualOffset.blockOf(c.start());
        int x = VirtualOffset.inBlockOf(c.start());
        try (BgzfReader r = new BgzfReader(ctx.open(block, Math.min(size, block + Bgzf.MAX_BLOCK)), block)) {
            if (!r.next()) {
                throw new TabixImport.Unusable("no BGZF block at byte " + block + " where contig " + c.name() + " starts");
            }
            byte[] want = (c.name() + "\t").getBytes(StandardCharsets.UTF_8);
            byte[] d = r.data();
            int m = Math.min(want.length, r.length() - x); // the name may run on into the next block
            boolean ok = m > 0 && Arrays.equals(d, x, x + m, want, 0, m) && (x == 0 || d[x - 1] == '\n');
            if (!ok) {
                throw new TabixImport.Unusable("contig " + c.name() + " does not start at virtual offset " + c.start()
                        + " (stale index?)");
            }
        } catch (GzipFormatException e) {
            throw Positions.bgzfError(uri, e);
        }
    }
}
