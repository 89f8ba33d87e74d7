package io.dataplug.core.formats.fastq;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Gzip layouts made with java.util.zip, for edge cases real tools do not produce on demand. */
final class GzipFixtures {

    private GzipFixtures() {
    }

    /** One gzip member of {@code data[from, to)}. */
    static byte[] member(byte[] data, int from, int to, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(data, from, to - from);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) {
        return member(data, 0, data.length, Deflater.DEFAULT_COMPRESSION);
    }

    /**
     * Members split at the given uncompressed offsets (which may fall anywhere, inside a record), with an empty
     * member before the first, between every two, and after the last when {@code emptyMembers} is set.
     */
    static byte[] members(byte[] data, int[] cuts, boolean emptyMembers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        if (emptyMembers) {
            out.writeBytes(member(data, 0, 0, 6));
        }
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : data.length;
            out.writeBytes(member(data, from, to, i % 2 == 0 ? 6 : 1));
            if (emptyMembers) {
                out.writeBytes(member(data, 0, 0, 6));
            }
            from = to;
        }
        return out.toByteArray();
    }
}
