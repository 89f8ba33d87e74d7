package io.dataplug.core.testing;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.Params;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/** An object held in memory, for driving a format's indexing directly (no storage, no side files). */
public final class InMemoryIndexingContext implements IndexingContext {

    private final ObjectInfo source;
    private final byte[] data;
    private final Params options;
    private final List<long[]> opened = Collections.synchronizedList(new ArrayList<>());

    /** {@code path} only names the object in messages, e.g. {@code /mem.fq}. */
    public InMemoryIndexingContext(Format<?, ?, ?> format, Map<String, String> options, String path, byte[] data) {
        this.source = new ObjectInfo(ObjectLocation.local(Path.of(path)), data.length, "etag");
        this.data = data;
        this.options = Params.parse(format.options(), options, "format " + format.name());
    }

    @Override
    public ObjectInfo source() {
        return source;
    }

    @Override
    public Params options() {
        return options;
    }

    @Override
    public InputStream open(long start, long end) {
        opened.add(new long[] {start, end});
        return new ByteArrayInputStream(data, (int) start, (int) (end - start));
    }

    /** The ranges {@link #open} was asked for, in order. */
    public List<long[]> opened() {
        return opened;
    }

    @Override
    public void writeSideFile(String name, byte[] bytes) {
        throw new UnsupportedOperationException("side files are not kept in memory");
    }

    @Override
    public LongConsumer progress() {
        return b -> { };
    }
}
