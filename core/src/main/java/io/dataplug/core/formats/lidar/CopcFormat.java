package io.dataplug.core.formats.lidar;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.FormatTypes;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.ParamType;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.format.StrategySpec;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cloud-Optimized Point Clouds (COPC 1.0): LAZ 1.4 whose chunks are the nodes of an octree described by
 * hierarchy pages. Preprocessing reads the header, the COPC info VLR and every hierarchy page, never point
 * data. Slices are whole nodes copied verbatim into a LAZ file, or (grid) the points of one cell as LAS.
 */
public final class CopcFormat implements Format<CopcIndex, Void, LidarPart> {

    public static final String NAME = "copc";

    private static final ParamSpec COUNT = ParamSpec.required("count", ParamType.INT,
            "number of slices; nodes are grouped by point count, each node in exactly one slice");

    private static final List<StrategySpec> STRATEGIES = List.of(
            new StrategySpec("nodes", "hierarchy nodes in file order, grouped into about count slices of similar point "
                    + "counts (at most one slice per node); each slice is a LAZ file of the nodes' chunks", List.of(COUNT)),
            new StrategySpec("grid", "rows x cols cells over the header's XY bounds (half-open, last row/column closed, row "
                    + "0 at the smallest Y); a slice reads the nodes meeting its cell and keeps its points, as LAS",
                    List.of(ParamSpec.required("rows", ParamType.INT, "rows of the grid (along Y)"),
                            ParamSpec.required("cols", ParamType.INT, "columns of the grid (along X)"))),
            new StrategySpec("depth", "only the octree levels 0..max (level of detail), as LAZ slices of whole nodes, "
                    + "grouped into about count slices",
                    List.of(ParamSpec.required("max", ParamType.INT, "deepest octree level kept (0 = root only)"),
                            ParamSpec.optional("count", ParamType.INT, "1", "number of slices"))));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Cloud-Optimized Point Clouds (COPC 1.0); indexed from its hierarchy pages alone; slices are LAZ files of "
                + "whole octree nodes, or LAS for grid cells";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of();
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.PER_OBJECT;
    }

    @Override
    public FormatTypes<CopcIndex, Void, LidarPart> types() {
        return FormatTypes.perObject(CopcIndex.class, LidarPart.class);
    }

    @Override
    public ObjectIndex<CopcIndex> buildIndex(IndexingContext ctx, List<Void> chunkResults) throws IOException {
        String uri = ctx.source().location().toUri();
        PointRecords.Opener o = ctx::open;
        LasLayout.Ranges ranges = (s, e) -> o.read(s, e, uri);
        LasLayout layout = LasLayout.read(ranges, uri, ctx.source().size());
        CopcIndex index = CopcReader.read(ranges, layout, uri, ctx.source().size());
        ctx.progress().accept(ctx.source().size());
        Map<String, Long> attributes = new LinkedHashMap<>();
        attributes.put("points", layout.header().pointCount());
        attributes.put("nodes", (long) index.nodes().size());
        return new ObjectIndex<>(index, attributes);
    }

    @Override
    public List<StrategySpec> strategies() {
        return STRATEGIES;
    }

    @Override
    public List<List<SlicePart<LidarPart>>> partition(PartitionRequest<CopcIndex> request) {
        Params p = request.params();
        String what = "strategy " + request.strategy() + " of format " + NAME;
        List<CopcPartitioner> objects = request.objects().stream()
                .map(o -> new CopcPartitioner(o, o.index().checked(o.source().uri()))).toList();
        return switch (request.strategy()) {
            case "nodes" -> {
                int count = p.getInt("count");
                Params.requireAtLeast("count", count, 1, what);
                yield Allocation.slices(objects, count, CopcPartitioner::points, (o, k) -> o.nodes(Integer.MAX_VALUE, k));
            }
            case "depth" -> {
                int max = p.getInt("max");
                int count = p.getInt("count");
                Params.requireAtLeast("max", max, 0, what);
                Params.requireAtLeast("count", count, 1, what);
                yield Allocation.slices(objects, count, o -> o.points(max), (o, k) -> o.nodes(max, k));
            }
            case "grid" -> {
                int[] rc = Allocation.grid(p, what);
                yield Allocation.each(objects, o -> o.grid(rc[0], rc[1]));
            }
            default -> throw new IllegalArgumentException("unknown strategy " + request.strategy());
        };
    }

    @Override
    public void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        LidarSliceWriter.evaluate(ctx, slice, out);
    }
}
