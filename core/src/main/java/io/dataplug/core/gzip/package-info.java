/**
 * Random access into gzip streams: index once, then decompress from checkpoints using ranged reads; and the one
 * place that knows the BGZF block format.
 *
 * <ul>
 *   <li>{@link io.dataplug.core.gzip.GzipIndexer} reads a gzip stream once (single member as written by
 *       {@code gzip}/{@code pigz}, or many members: concatenations, BGZF, empty members), verifies every
 *       member's CRC-32 and ISIZE, lets a {@link io.dataplug.core.gzip.UncompressedSink} see the data and a
 *       {@link io.dataplug.core.gzip.CheckpointPolicy} choose checkpoints and attach a value to each, and
 *       produces a {@link io.dataplug.core.gzip.GzipIndex} (the small checkpoint table) plus a windows blob
 *       (the 32 KiB windows of mid-member checkpoints, each deflated on its own, with the bytes the following
 *       data never copies from zeroed).</li>
 *   <li>{@link io.dataplug.core.gzip.ParallelGzipIndexer} builds the same index from an object in memory
 *       with several threads: compressed ranges, a speculative search for a deflate block start in each,
 *       decoding with placeholders for the unknown window, resolution range by range (the approach of
 *       rapidgzip); it falls back to the sequential indexer whenever the ranges do not meet exactly.</li>
 *   <li>{@link io.dataplug.core.gzip.GzipResume} turns a checkpoint, its window and the object's bytes from
 *       the checkpoint's compressed offset on into the uncompressed data from the checkpoint on, up to an
 *       {@link io.dataplug.core.gzip.Until end} where everything it returned has been checked against a CRC-32
 *       (the end of the stream, the next checkpoint, or the end of a member).</li>
 *   <li>{@link io.dataplug.core.gzip.Gzi} reads BGZF {@code .gzi} indexes into a {@code GzipIndex} without
 *       scanning.</li>
 *   <li>{@link io.dataplug.core.gzip.Bgzf} (constants, block header parsing), {@link io.dataplug.core.gzip.BgzfReader}
 *       (block by block, each inflated and CRC-checked) and {@link io.dataplug.core.gzip.VirtualOffset} (block
 *       offset and offset in the block, packed as tabix does) serve every BGZF reader.</li>
 *   <li>Problems with the data raise {@link io.dataplug.core.gzip.GzipFormatException}, naming the
 *       compressed byte offset and what was wrong.</li>
 * </ul>
 *
 * <p>Decompression uses the package's own table-driven deflate decoder (the JDK's
 * {@link java.util.zip.Inflater} cannot stop at block boundaries nor report bit positions). It decodes
 * exactly what {@code zcat} does, with two deliberate differences: non-zero data after the last member is an
 * error (gzip warns and ignores it) while zero padding is ignored (as gzip does), and an empty input is an
 * error (as in gzip).
 */
package io.dataplug.core.gzip;
