package io.dataplug.core.formats.cog;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.FormatTypes;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.ParamType;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.format.StrategySpec;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cloud-Optimized GeoTIFF, and any tiled TIFF (classic or BigTIFF, either byte order, pixel- or band-interleaved,
 * with overviews and masks). Preprocessing reads only the header and the IFDs; a slice is a block of whole tiles
 * of one resolution level, evaluated into a tiled GeoTIFF whose compressed tiles are copied byte for byte.
 * See docs/formats/cog.md.
 */
public final class CogFormat implements Format<CogIndex, Void, CogPart> {

    public static final String NAME = "cog";

    private static final ParamSpec LEVEL = ParamSpec.optional("level", ParamType.INT, "0",
            "resolution level: 0 = full resolution, 1... = overviews, largest first");
    private static final ParamSpec BIGTIFF = ParamSpec.optional("bigtiff", ParamType.STRING, "auto",
            "slice files as BigTIFF: 'auto' (only when one would pass 4 GiB) or 'yes'");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Cloud-Optimized GeoTIFF (any tiled TIFF): slices are tile-aligned windows written as GeoTIFFs "
                + "whose compressed tiles are copied verbatim";
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
    public FormatTypes<CogIndex, Void, CogPart> types() {
        return FormatTypes.perObject(CogIndex.class, CogPart.class);
    }

    @Override
    public ObjectIndex<CogIndex> buildIndex(IndexingContext ctx, List<Void> chunkResults) {
        CogIndexer.Result r = CogIndexer.index(ctx);
        ctx.writeSideFile(TileTable.FILE, r.tileTable());
        ctx.progress().accept(ctx.source().size());
        return new ObjectIndex<>(r.index(), r.index().attributes());
    }

    @Override
    public Map<String, Long> datasetAttributes(List<Map<String, Long>> objects) {
        return CogIndex.datasetAttributes(objects);
    }

    @Override
    public List<StrategySpec> strategies() {
        return List.of(
                new StrategySpec("grid", "the level's tile grid cut into rows x cols blocks of whole tiles (sizes differ "
                        + "by at most one tile), row-major; more blocks than tiles gives one tile per slice", List.of(
                        ParamSpec.required("rows", ParamType.INT, "blocks down"),
                        ParamSpec.required("cols", ParamType.INT, "blocks across"), LEVEL, BIGTIFF)),
                new StrategySpec("window", "windows of width x height pixels, rounded up to whole tiles, row-major; "
                        + "the last ones in a row or column are cut by the image edge", List.of(
                        ParamSpec.required("width", ParamType.LONG, "window width in pixels"),
                        ParamSpec.required("height", ParamType.LONG, "window height in pixels"), LEVEL, BIGTIFF)));
    }

    @Override
    public List<List<SlicePart<CogPart>>> partition(PartitionRequest<CogIndex> request) {
        Params p = request.params();
        String what = "strategy " + request.strategy() + " of format " + NAME;
        int level = p.getInt("level");
        Params.requireAtLeast("level", level, 0, what);
        boolean big = switch (p.getString("bigtiff")) {
            case "auto" -> false;
            case "yes" -> true;
            default -> throw new InvalidRequestException("parameter 'bigtiff' of " + what + " must be 'auto' or 'yes', got '"
                    + p.getString("bigtiff") + "'");
        };
        long[] size = switch (request.strategy()) {
            case "grid" -> new long[] {p.getInt("rows"), p.getInt("cols")};
            case "window" -> new long[] {p.getLong("height"), p.getLong("width")};
            default -> throw new InvalidRequestException("unknown strategy '" + request.strategy() + "' for format " + NAME);
        };
        boolean grid = request.strategy().equals("grid");
        Params.requireAtLeast(grid ? "rows" : "height", size[0], 1, what);
        Params.requireAtLeast(grid ? "cols" : "width", size[1], 1, what);
        List<List<SlicePart<CogPart>>> slices = new ArrayList<>();
        for (IndexedObject<CogIndex> o : request.objects()) {
            CogIndex index = o.index();
            if (index.version() != CogIndex.VERSION || index.levels().isEmpty()) {
                throw new IllegalStateException(o.source().uri() + ": not a cog index of version " + CogIndex.VERSION
                        + "; preprocess the dataset again");
            }
            if (level >= index.levels().size()) {
                throw new InvalidRequestException("level " + level + " asked for, but " + o.source().uri() + " has "
                        + (index.levels().size() - 1) + " overview(s) (levels 0 to " + (index.levels().size() - 1) + ")");
            }
            CogPartitioner.Loaded loaded = new CogPartitioner.Loaded(o, request.metadata().read(o.metadataDir(), TileTable.FILE));
            TiffImage img = index.level(level);
            List<TileWindow> windows = grid ? TileWindow.grid(level, img, size[0], size[1])
                    : TileWindow.windows(level, img, size[1], size[0]);
            for (TileWindow w : windows) {
                slices.add(CogPartitioner.slice(loaded, w, big));
            }
        }
        return slices;
    }

    @Override
    public void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        CogSliceWriter.write(ctx, slice, out);
    }
}
