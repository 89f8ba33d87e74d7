package io.dataplug.core.testing;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.FormatTypes;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.format.StrategySpec;
import io.dataplug.core.slice.NoCorrections;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A test-only binary format ({@code blob-test}): no records, one slice per object ({@code objects}), evaluated to
 * the object's bytes. It stands for the formats whose slices are files of their own kind (COG, LAS...), which
 * the reader API and the Spark connector read as one stream.
 */
public final class BlobTestFormat implements Format<BlobTestFormat.Index, Void, NoCorrections> {

    /** Nothing beyond the object's size. */
    public record Index(long size) {
    }

    @Override
    public String name() {
        return "blob-test";
    }

    @Override
    public String description() {
        return "Test-only binary objects, one slice each";
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
    public FormatTypes<Index, Void, NoCorrections> types() {
        return FormatTypes.perObject(Index.class, NoCorrections.class);
    }

    @Override
    public ObjectIndex<Index> buildIndex(IndexingContext ctx, List<Void> none) {
        return new ObjectIndex<>(new Index(ctx.source().size()), Map.of("bytes", ctx.source().size()));
    }

    @Override
    public List<StrategySpec> strategies() {
        return List.of(new StrategySpec("objects", "one slice per object", List.of()));
    }

    @Override
    public List<List<SlicePart<NoCorrections>>> partition(PartitionRequest<Index> request) {
        return request.objects().stream()
                .map(o -> List.of(new SlicePart<>(o.source(), 0, o.index().size(), NoCorrections.INSTANCE)))
                .toList();
    }

    /** One slice per object. */
    @Override
    public OptionalLong sliceCount(PartitionRequest<Index> request) {
        return OptionalLong.of(request.objects().size());
    }

    @Override
    public void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        for (SlicePart<NoCorrections> p : slice.parts(NoCorrections.class)) {
            try (InputStream in = ctx.open(p.object(), p.start(), p.end())) {
                in.transferTo(out);
            }
        }
    }
}
