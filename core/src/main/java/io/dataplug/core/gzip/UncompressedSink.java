package io.dataplug.core.gzip;

import java.io.IOException;

/** Observes the uncompressed bytes while {@link GzipIndexer} decompresses, in order, each byte once. */
@FunctionalInterface
public interface UncompressedSink {

    /**
     * @param b                  the decoder's own buffer: read it during the call only, never modify it (it
     *                           also holds the history that later back-references copy from)
     * @param off                start of the data in {@code b}
     * @param len                number of bytes (&gt; 0)
     * @param uncompressedOffset offset of {@code b[off]} in the uncompressed stream
     */
    void accept(byte[] b, int off, int len, long uncompressedOffset) throws IOException;
}
