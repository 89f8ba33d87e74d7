package io.dataplug.core.formats.vcf;

import io.dataplug.core.format.Compression;
import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.FormatTypes;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.ParamType;
import io.dataplug.core.format.Params;
import io.dataplug.core.formats.lines.LinesFormat;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.io.LineReader;
import io.dataplug.core.storage.ExtendingRangeStream;
import io.dataplug.core.storage.PendingRead;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

/**
 * Plain-text VCF. Preprocessed in parallel chunks: a line belongs to the chunk its first byte is in, and
 * everything a chunk cannot know alone (is a {@code #} line part of the header, does a contig continue from
 * the chunk before, is the data still sorted) is a small summary that the finalize step joins. Header lines
 * start with {@code #} and data lines never do, so no chunk needs to see the file's beginning. With
 * {@code index=header-only} only the header is read (see {@link HeaderReader}) and slices find their lines at
 * evaluation.
 */
public final class VcfFormat extends AbstractVcfFormat<ScanResult> {

    static final ParamSpec INDEX_OPTION = ParamSpec.optional(LinesFormat.INDEX, ParamType.STRING,
            LinesFormat.INDEX_CHECKPOINTS, "'" + LinesFormat.INDEX_CHECKPOINTS + "': preprocessing reads every line (variant"
                    + " and contig counts, strategy regions, checkpoints); '" + LinesFormat.INDEX_HEADER_ONLY + "': it reads"
                    + " only the header, strategy chunks only, and each slice finds its first data line at evaluation"
                    + " (no counts, a slice inside one long line holds no variant)");

    public VcfFormat() {
        super(false);
    }

    @Override
    public Set<String> companionSuffixes() {
        return Set.of(".tbi", ".csi");
    }

    @Override
    public String name() {
        return "vcf";
    }

    @Override
    public String description() {
        return "Variant Call Format, plain text; slices are the full header plus whole data lines";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of(CHECKPOINT_OPTION, GAP_OPTION, INDEX_OPTION);
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.CHUNKED;
    }

    /** Whether {@code index=header-only}; refuses any other value than the two modes. */
    static boolean headerOnly(Params options) {
        return LinesFormat.indexMode(options);
    }

    @Override
    boolean bgzf() {
        return false;
    }

    @Override
    public FormatTypes<VcfIndex, ScanResult, VcfCorrections> types() {
        return FormatTypes.chunked(VcfIndex.class, ScanResult.class, VcfCorrections.class);
    }

    /** A header-only index reads only the header, in one task per object. */
    @Override
    public Preprocessing preprocessing(Params options) {
        return headerOnly(options) ? Preprocessing.PER_OBJECT : Preprocessing.CHUNKED;
    }

    private static void requireUncompressed(IndexingContext ctx) throws IOException {
        Compression.requireUncompressed(ctx, "VCF", VcfFormat::compressionHint);
    }

    private static String compressionHint(Compression c) {
        return switch (c) {
            case BGZF -> "use format vcf-bgzip";
            case GZIP -> "vcf-bgzip reads BGZF only: recompress it with bgzip (zcat x.vcf.gz | bgzip > y.vcf.gz) "
                    + "and use vcf-bgzip, or decompress it";
            default -> "decompress it, or recompress it with bgzip and use vcf-bgzip";
        };
    }

    @Override
    public ScanResult indexChunk(IndexingContext ctx, long start, long end) throws IOException {
        if (headerOnly(ctx.options())) {
            if (start == 0) {
                requireUncompressed(ctx);
            }
            return ScanResult.NOTHING; // reads no data (a plan made as chunks): the finalize step reads the header
        }
        long size = ctx.source().size();
        long from = Math.max(0, start - 1);
        Scanner scanner = new Scanner(spacing(ctx.options(), size), gap(ctx.options()), null, ctx.progress());
        // the last line runs past end: it comes with the chunk's own bytes, not in a read of its own after them
        InputStream in = ExtendingRangeStream.lookingPast(ctx::open, from, end, size);
        if (start == 0) { // checked on the first bytes the scan reads anyway
            in = Compression.requireUncompressed(in, ctx, "VCF", VcfFormat::compressionHint);
        }
        try (LineReader r = LineReader.plain(in, from)) {
            if (start > 0) {
                // The line holding byte start-1 began in an earlier chunk (or is the '\n' right before start).
                r.next();
            }
            return scanner.scan(r, end);
        }
    }

    @Override
    public ObjectIndex<VcfIndex> buildIndex(IndexingContext ctx, List<ScanResult> chunkResults) throws IOException {
        if (headerOnly(ctx.options())) {
            // the compression check and the header are read together; a compressed object is refused as such
            PendingRead<Boolean> plain = PendingRead.start(() -> {
                requireUncompressed(ctx);
                return true;
            });
            byte[] header;
            try {
                header = HeaderReader.read(ctx);
            } catch (IOException | RuntimeException e) {
                plain.join();
                throw e;
            }
            plain.join();
            return objectIndex(VcfIndex.headerOnly(header.length, ctx.source().size(), gap(ctx.options())));
        }
        String uri = ctx.source().location().toUri();
        VcfIndex index = IndexMerger.merge(uri, false, chunkResults, gap(ctx.options()));
        long headerLength = index.dataStart();
        if (headerLength > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(uri, 0, 0, "header of " + headerLength
                    + " bytes is too large", null);
        }
        // no header side file: plain VCF slices read the header from the object's first headerLength bytes
        return objectIndex(index.withHeaderLength(headerLength));
    }
}
