package io.dataplug.core.reader;

import java.util.stream.Stream;

/**
 * Where a manifest's slice documents come from. Slice {@code i} is found without binding (or holding) the
 * others, so a manifest of any size is read one slice at a time.
 */
interface ManifestSource {

    /** The manifest as given, for messages. */
    String name();

    /** Whether the manifest is a local file or folder (only then may its slices read local files). */
    boolean local();

    /** The number of slice documents. */
    int count();

    /** Slice document {@code index}; an index out of range is an {@link io.dataplug.core.format.InvalidRequestException}. */
    ManifestEntry entry(int index);

    /** Every slice document, in order; close the stream when done. */
    Stream<ManifestEntry> entries();
}
