package io.dataplug.operator.model;

/**
 * {@code status.phase} of both resources. A CloudDataset goes Pending, Preprocessing, Ready (or Failed); a
 * Partitioning Pending, Ready (or Failed). Pending also covers problems that are retried (a missing Secret, an
 * unreachable bucket) and waiting for a dataset; Failed waits for a spec change.
 */
public enum Phase {
    Pending,
    Preprocessing,
    Ready,
    Failed
}
