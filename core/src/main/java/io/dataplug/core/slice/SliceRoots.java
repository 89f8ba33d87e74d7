package io.dataplug.core.slice;

/**
 * Where the slices of a dataset may read, recorded in every slice: the dataset's declared source (its one
 * object, or its prefix) and its metadata root (indexes and side files), each with how to reach its store.
 */
public record SliceRoots(StoreRoot source, StoreRoot metadata) {
}
