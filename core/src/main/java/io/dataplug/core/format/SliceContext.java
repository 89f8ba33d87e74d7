package io.dataplug.core.format;

import io.dataplug.core.slice.SourceObject;
import java.io.InputStream;

/** What a format needs to evaluate a slice. */
public interface SliceContext {

    /** Bytes {@code [start, end)} of a source object, pinned to its ETag, fetched with concurrent ranged GETs. */
    InputStream open(SourceObject object, long start, long end);

    /** A range of a metadata file (e.g. one gzip window). */
    byte[] readMetadata(String uri, long offset, int length);
}
