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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LiDAR point clouds in LAS 1.0–1.4 and LAZ (LASzip-compressed, told apart by the header), point formats
 * 0–10. Preprocessing reads header, VLRs, EVLRs and the LAZ chunk table with ranged GETs and, in parallel
 * chunk tasks plus a finalize, builds a spatial index (runs of point numbers per cell of a fine XY grid).
 * Slices evaluate to valid LAS files, or LAZ made of whole compressed chunks. See docs/formats/lidar.md.
 */
public final class LasFormat implements Format<LasIndex, SpatialChunk, LidarPart> {

    public static final String NAME = "las";
    static final String SPATIAL = "spatial-index";
    static final String CELLS = "index-cells";

    private static final List<StrategySpec> STRATEGIES = List.of(
            new StrategySpec("chunks", "count slices of contiguous points, balanced by points; for LAZ whole compressed "
                    + "chunks (a slice is a LAZ file of copied chunks), so at most one slice per chunk",
                    List.of(ParamSpec.required("count", ParamType.INT, "number of slices"))),
            new StrategySpec("points-per-slice", "slices of exactly this many consecutive points (the last one fewer); "
                    + "LAZ slices decode the chunks they overlap and are written as LAS",
                    List.of(ParamSpec.required("points", ParamType.LONG, "points per slice"))),
            new StrategySpec("grid", "rows x cols cells over each object's XY bounds (half-open, last row/column closed, "
                    + "row 0 at the smallest Y); a slice reads only what the spatial index names for its cell and holds "
                    + "exactly the cell's points, as LAS; empty cells give no slice",
                    List.of(ParamSpec.required("rows", ParamType.INT, "rows of the grid (along Y)"),
                            ParamSpec.required("cols", ParamType.INT, "columns of the grid (along X)"))));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "LiDAR point clouds, LAS 1.0-1.4 and LAZ (point formats 0-10), with a spatial index; slices are LAS, "
                + "or LAZ of whole compressed chunks";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of(ParamSpec.optional(SPATIAL, ParamType.BOOLEAN, "true",
                        "build the spatial index (needed by the grid strategy; decodes every point while preprocessing)"),
                ParamSpec.optional(CELLS, ParamType.INT, "128",
                        "the spatial index's fine grid is index-cells x index-cells over the header's XY bounds"));
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.CHUNKED;
    }

    @Override
    public FormatTypes<LasIndex, SpatialChunk, LidarPart> types() {
        return FormatTypes.chunked(LasIndex.class, SpatialChunk.class, LidarPart.class);
    }

    @Override
    public SpatialChunk indexChunk(IndexingContext ctx, long start, long end) throws IOException {
        return scan(ctx, read(ctx), start, end);
    }

    private SpatialChunk scan(IndexingContext ctx, LasLayout layout, long start, long end) throws IOException {
        if (!ctx.options().getBoolean(SPATIAL)) {
            return new SpatialChunk(0, 0, new long[0], new byte[0]);
        }
        int cells = ctx.options().getInt(CELLS);
        Params.requireAtLeast(CELLS, cells, 1, "format " + NAME);
        Allocation.requireAtMost(CELLS, cells, 4096, "format " + NAME);
        SpatialChunk c = SpatialScanner.scan(ctx::open, layout, SpatialScanner.fineGrid(layout.header(), cells), start, end,
                uri(ctx));
        ctx.progress().accept(end - start);
        return c;
    }

    static LasLayout read(IndexingContext ctx) {
        String uri = uri(ctx);
        PointRecords.Opener o = ctx::open;
        return LasLayout.read((s, e) -> o.read(s, e, uri), uri, ctx.source().size());
    }

    private static String uri(IndexingContext ctx) {
        return ctx.source().location().toUri();
    }

    @Override
    public ObjectIndex<LasIndex> buildIndex(IndexingContext ctx, List<SpatialChunk> chunkResults) throws IOException {
        LasLayout layout = read(ctx);
        String uri = uri(ctx);
        List<SpatialChunk> chunks = new ArrayList<>(chunkResults);
        if (chunks.isEmpty()) {
            chunks.add(scan(ctx, layout, 0, ctx.source().size()));
        }
        LasHeader h = layout.header();
        LasIndex.Spatial spatial = null;
        if (ctx.options().getBoolean(SPATIAL)) {
            GridCells fine = SpatialScanner.fineGrid(h, ctx.options().getInt(CELLS));
            CellRuns runs = new CellRuns(fine.rows() * fine.cols());
            long points = 0;
            long[] bounds = new long[0];
            for (SpatialChunk c : chunks) {
                if (c.points() > 0 && c.firstPoint() != points) {
                    throw new IllegalStateException(uri + ": chunk results out of order (point " + c.firstPoint()
                            + " after " + points + " points)");
                }
                points += c.points();
                runs.append(CellRuns.decode(c.runs(), runs.cells()));
                bounds = union(bounds, c.bounds());
            }
            if (points != h.pointCount()) {
                throw new IllegalStateException(uri + ": the chunk tasks saw " + points + " points, the header says "
                        + h.pointCount() + "; preprocess again");
            }
            ctx.writeSideFile(LasIndex.SPATIAL_FILE, runs.encode());
            spatial = new LasIndex.Spatial(fine, bounds, runs.runCount());
        }
        ChunkTable t = layout.chunks();
        LasIndex index = new LasIndex(LasIndex.VERSION, h, layout.vlrs(), layout.evlrs(), t == null ? null : t.starts(),
                t == null ? null : t.points(), layout.laszip() != null && layout.laszip().variableChunks(), layout.crs(),
                spatial);
        Map<String, Long> attributes = new LinkedHashMap<>();
        attributes.put("points", h.pointCount());
        if (t != null) {
            attributes.put("chunks", (long) t.chunks());
        }
        return new ObjectIndex<>(index, attributes);
    }

    private static long[] union(long[] a, long[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        long[] u = new long[6];
        for (int k = 0; k < 6; k += 2) {
            u[k] = Math.min(a[k], b[k]);
            u[k + 1] = Math.max(a[k + 1], b[k + 1]);
        }
        return u;
    }

    @Override
    public List<StrategySpec> strategies() {
        return STRATEGIES;
    }

    @Override
    public List<List<SlicePart<LidarPart>>> partition(PartitionRequest<LasIndex> request) {
        Params p = request.params();
        String what = "strategy " + request.strategy() + " of format " + NAME;
        List<LasPartitioner> objects = request.objects().stream().map(o -> new LasPartitioner(o,
                o.index().checked(o.source().uri()), () -> request.metadata().read(o.metadataDir(),
                        LasIndex.SPATIAL_FILE))).toList();
        return switch (request.strategy()) {
            case "chunks" -> {
                int count = p.getInt("count");
                Params.requireAtLeast("count", count, 1, what);
                yield Allocation.slices(objects, count, LasPartitioner::points, LasPartitioner::chunks);
            }
            case "points-per-slice" -> {
                long points = p.getLong("points");
                Params.requireAtLeast("points", points, 1, what);
                yield Allocation.each(objects, o -> o.pointsPerSlice(points));
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
