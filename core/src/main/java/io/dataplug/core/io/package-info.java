/**
 * Reading records out of byte streams, shared by the formats: {@link io.dataplug.core.io.LineReader} (lines of
 * plain bytes or BGZF blocks, with their positions) and {@link io.dataplug.core.io.Bytes}.
 */
package io.dataplug.core.io;
