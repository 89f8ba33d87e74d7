package io.dataplug.core.format;

import io.dataplug.core.index.IndexedObject;
import java.util.List;

/** Everything a format needs to cut a dataset into slices: metadata only, never the raw bytes. */
public record PartitionRequest<I>(String dataset, Params options, String strategy, Params params,
                                  List<IndexedObject<I>> objects, MetadataReader metadata) {

    /** Reads side files that preprocessing stored beside an index. */
    public interface MetadataReader {
        byte[] read(String metadataDir, String name);
    }
}
