package io.dataplug.operator.testing;

import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.Preprocessing;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * {@link LinesTestFormat} indexed in chunks (map tasks) plus a finalize task: the same index, the same slices.
 * {@link #FINALIZE_GATES} holds the finalize task of an object (keyed by a substring of its URI) until released.
 */
public class LinesChunkedTestFormat extends LinesTestFormat {

    public static final Map<String, CountDownLatch> FINALIZE_GATES = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "lines-chunked-test";
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.CHUNKED;
    }

    @Override
    public Scan indexChunk(IndexingContext ctx, long start, long end) throws IOException {
        hooks(ctx.source().location().toUri());
        return scan(ctx, start, end, ctx.options().getInt("blockSize"));
    }

    @Override
    public ObjectIndex<Index> buildIndex(IndexingContext ctx, List<Scan> chunkResults) {
        await(FINALIZE_GATES, ctx.source().location().toUri());
        return index(chunkResults, ctx.options().getInt("blockSize"));
    }
}
