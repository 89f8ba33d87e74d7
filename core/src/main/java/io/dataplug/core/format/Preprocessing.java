package io.dataplug.core.format;

/** How a format builds an object's index. */
public enum Preprocessing {
    /** One task reads the whole object. */
    PER_OBJECT,
    /** Map tasks over byte chunks run in parallel; a finalize task combines their results. */
    CHUNKED
}
