package io.dataplug.core.formats.vcf;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.UnknownStrategyException;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.ParamType;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.format.RecordFraming;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.format.StrategySpec;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code vcf} and {@code vcf-bgzip} share: options, strategies, partitioning and slice evaluation.
 *
 * @param <R> the map-task result: {@link ScanResult} for plain VCF, none ({@code Void}) for BGZF
 */
abstract class AbstractVcfFormat<R> implements Format<VcfIndex, R, VcfCorrections> {

    static final String CHECKPOINT = "checkpoint-span";
    static final String GAP = "gap";

    private static final List<StrategySpec> STRATEGIES = List.of(
            new StrategySpec("chunks", "about count slices of similar size in bytes; every slice holds at least one "
                    + "variant, cut between data lines at index checkpoints",
                    List.of(ParamSpec.required("count", ParamType.INT, "number of slices"))),
            new StrategySpec("regions", "genomic regions: one slice per contig (contigs=true), or per window of bp "
                    + "base pairs of each contig (bp=n: [1, n], [n+1, 2n]...; a variant goes with the window holding "
                    + "its POS; windows without variants give no slice); needs a coordinate-sorted VCF",
                    List.of(ParamSpec.optional("contigs", ParamType.BOOLEAN, "false", "one slice per contig"),
                            ParamSpec.optional("bp", ParamType.LONG, "0", "window size in base pairs"))));

    static final ParamSpec CHECKPOINT_OPTION = ParamSpec.optional(CHECKPOINT, ParamType.BYTES, "64KiB",
            "data bytes between index checkpoints (uncompressed); smaller gives finer chunks and a larger index");
    static final ParamSpec GAP_OPTION = ParamSpec.optional(GAP, ParamType.LONG, "16384",
            "the index records POS gaps wider than this many bp, so bp windows at least this wide that hold "
                    + "no variant give no slice");

    private final VcfSlicer slicer;

    AbstractVcfFormat(boolean bgzf) {
        this.slicer = new VcfSlicer(bgzf);
    }

    abstract boolean bgzf();

    @Override
    public List<StrategySpec> strategies() {
        return STRATEGIES;
    }

    /**
     * Checkpoint spacing actually used: the option, but finer for small objects (about 1024 checkpoints), so
     * that small files still cut into many slices. Depends only on the option and the object's size.
     */
    static long spacing(Params options, long objectSize) {
        long opt = options.getLong(CHECKPOINT);
        Params.requireAtLeast(CHECKPOINT, opt, 1, "format option");
        return Math.max(1, Math.min(opt, objectSize / 1024));
    }

    static long gap(Params options) {
        long gap = options.getLong(GAP);
        Params.requireAtLeast(GAP, gap, 1, "format option");
        return gap;
    }

    static ObjectIndex<VcfIndex> objectIndex(VcfIndex index) {
        if (index.headerOnly()) {
            return new ObjectIndex<>(index, Map.of()); // nothing is counted
        }
        return new ObjectIndex<>(index, Map.of("variants", index.variants(), "contigs", index.distinctContigs()));
    }

    /** Writes the header's bytes beside the index, for slice evaluation. */
    static void storeHeader(IndexingContext ctx, byte[] header) {
        ctx.writeSideFile(VcfIndex.HEADER_FILE, header);
    }

    @Override
    public List<List<SlicePart<VcfCorrections>>> partition(PartitionRequest<VcfIndex> request) {
        Cut cut = cut(request);
        List<VcfSlicer.Loaded> objects = load(request);
        return switch (cut.kind()) {
            case CHUNKS -> slicer.chunks(objects, cut.count());
            case CONTIGS -> slicer.contigs(objects);
            case WINDOWS -> slicer.windows(objects, cut.bp());
        };
    }

    @Override
    public OptionalLong sliceCount(PartitionRequest<VcfIndex> request) {
        Cut cut = cut(request);
        List<VcfSlicer.Loaded> objects = load(request);
        return OptionalLong.of(switch (cut.kind()) {
            case CHUNKS -> slicer.chunksCount(objects, cut.count());
            case CONTIGS -> slicer.contigsCount(objects);
            case WINDOWS -> slicer.windowsCount(objects, cut.bp());
        });
    }

    private List<VcfSlicer.Loaded> load(PartitionRequest<VcfIndex> request) {
        List<VcfSlicer.Loaded> objects = new ArrayList<>();
        request.objects().forEach(o -> objects.add(slicer.load(o)));
        return objects;
    }

    /** How the request cuts: {@code chunks count=n}, {@code regions contigs=true} or {@code regions bp=n}. */
    private record Cut(Kind kind, int count, long bp) {
        enum Kind { CHUNKS, CONTIGS, WINDOWS }
    }

    private Cut cut(PartitionRequest<VcfIndex> request) {
        Params p = request.params();
        return switch (request.strategy()) {
            case "chunks" -> {
                int count = p.getInt("count");
                Params.requireAtLeast("count", count, 1, "strategy chunks");
                yield new Cut(Cut.Kind.CHUNKS, count, 0);
            }
            case "regions" -> {
                request.objects().stream().filter(o -> o.index().headerOnly()).findFirst().ifPresent(o -> {
                    throw new InvalidRequestException(o.source().uri() + " was preprocessed with index=header-only, which"
                            + " records no contigs or positions: strategy regions needs index=checkpoints (preprocess"
                            + " again), or use strategy chunks");
                });
                boolean contigs = p.getBoolean("contigs");
                long bp = p.getLong("bp");
                if (contigs == (bp > 0)) {
                    throw new InvalidRequestException("strategy regions of format " + name()
                            + " takes either contigs=true or bp=<window size>, not " + (contigs ? "both" : "neither"));
                }
                Params.requireAtLeast("bp", bp, 0, "strategy regions");
                yield contigs ? new Cut(Cut.Kind.CONTIGS, 0, 0) : new Cut(Cut.Kind.WINDOWS, 0, bp);
            }
            default -> throw new UnknownStrategyException("unknown strategy '" + request.strategy() + "' for format " + name());
        };
    }

    @Override
    public void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        VcfSliceReader.evaluate(ctx, slice, out, bgzf());
    }

    @Override
    public Optional<RecordFraming> records() {
        return Optional.of(VcfRecords.FRAMING);
    }
}
