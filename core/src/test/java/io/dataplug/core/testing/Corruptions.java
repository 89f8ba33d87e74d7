package io.dataplug.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Damage that only a CRC check can see, and the manifest edits a user might make: for tests that data that
 * changed behind an unchanged ETag never comes back as if it were right.
 */
public final class Corruptions {

    private Corruptions() {
    }

    /** One flipped bit of a compressed object. */
    public record Flip(long offset, int mask) {

        public byte[] applyTo(byte[] data) {
            byte[] copy = data.clone();
            copy[Math.toIntExact(offset)] ^= (byte) mask;
            return copy;
        }
    }

    /**
     * The first bit flip in {@code [from, to)} after which an independent decoder (the JDK's {@link Inflater}, member
     * by member) still decodes every member to as many bytes as before, the whole to as many bytes as
     * {@code plain} but not the same ones, and finds only a CRC-32 in a trailer that does not match: damage that
     * only the CRC can reveal.
     */
    public static Flip crcOnly(byte[] gz, byte[] plain, long from, long to) {
        for (long at = from; at < to; at++) {
            for (int bit = 0; bit < 8; bit++) {
                Flip flip = new Flip(at, 1 << bit);
                if (onlyTheCrcTells(flip.applyTo(gz), plain)) {
                    return flip;
                }
            }
        }
        throw new AssertionError("no bit in [" + from + ", " + to + ") flips into valid deflate data");
    }

    private static boolean onlyTheCrcTells(byte[] gz, byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length);
        byte[] buf = new byte[1 << 16];
        int crcMismatches = 0;
        Inflater inflater = new Inflater(true);
        try {
            int p = 0;
            while (p < gz.length) {
                p = skipHeader(gz, p);
                inflater.reset();
                inflater.setInput(gz, p, gz.length - p);
                CRC32 crc = new CRC32();
                long length = 0;
                while (!inflater.finished()) {
                    int n = inflater.inflate(buf);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        return false;
                    }
                    crc.update(buf, 0, n);
                    out.write(buf, 0, n);
                    length += n;
                }
                p = gz.length - inflater.getRemaining();
                if (p + 8 > gz.length || u32(gz, p + 4) != (length & 0xffffffffL)) {
                    return false;
                }
                if (u32(gz, p) != crc.getValue()) {
                    crcMismatches++;
                }
                p += 8;
            }
        } catch (DataFormatException | ArrayIndexOutOfBoundsException e) {
            return false;
        } finally {
            inflater.end();
        }
        return crcMismatches == 1 && out.size() == plain.length && !Arrays.equals(out.toByteArray(), plain);
    }

    /** Offset of a gzip member's deflate data, after its header at {@code p} (RFC 1952). */
    private static int skipHeader(byte[] gz, int p) {
        if ((gz[p] & 0xff) != 0x1f || (gz[p + 1] & 0xff) != 0x8b || gz[p + 2] != 8) {
            throw new ArrayIndexOutOfBoundsException("not a gzip member at " + p);
        }
        int flags = gz[p + 3];
        int q = p + 10;
        if ((flags & 4) != 0) {
            q += 2 + ((gz[q] & 0xff) | (gz[q + 1] & 0xff) << 8);
        }
        for (int zeroTerminated : new int[] {8, 16}) {
            if ((flags & zeroTerminated) != 0) {
                while (gz[q++] != 0) {
                    // name or comment
                }
            }
        }
        return (flags & 2) != 0 ? q + 2 : q;
    }

    private static long u32(byte[] b, int p) {
        return ((b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (long) (b[p + 3] & 0xff) << 24);
    }

    /**
     * Damages a local file the way {@code cp -p} or {@code rsync -a} of a damaged copy would: same size, same
     * modification time. The local ETag includes the status change time, which no copy keeps, so {@code probe} is
     * refused unread; the returned edit re-pins slices to the new ETag as a user editing the manifest would, after
     * which only the CRC checks stand between the damage and the output.
     */
    public static UnaryOperator<Slice> damageLocalFile(Pipeline p, ObjectLocation loc, Flip flip, Slice probe)
            throws IOException {
        Path file = loc.path();
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.write(file, flip.applyTo(Files.readAllBytes(file)));
        Files.setLastModifiedTime(file, mtime);
        assertThatThrownBy(() -> p.evaluate(probe)).isInstanceOf(ObjectChangedException.class);
        return repinnedTo(p.store().head(loc).etag());
    }

    /** Damages an object on the S3 server's disk: it keeps serving the object's old ETag; slices need no edit. */
    public static UnaryOperator<Slice> damageOnServer(EmbeddedS3 s3, Pipeline p, ObjectLocation loc, Flip flip)
            throws IOException {
        String etag = p.store().head(loc).etag();
        s3.flipInPlace(loc, flip.offset(), flip.mask());
        assertThat(p.store().head(loc).etag()).as("the server still serves the undamaged object's ETag").isEqualTo(etag);
        return UnaryOperator.identity();
    }

    /**
     * The slice as a user would edit its JSON in the manifest, read back the way a manifest is read (strictly, and
     * validated: an edit that breaks a rule throws {@link io.dataplug.core.slice.InvalidSliceException}).
     * {@code edit} gets each part's JSON (index, node).
     */
    public static Slice edited(Slice slice, PartEdit edit) {
        ObjectNode json = (ObjectNode) Json.tree(slice);
        for (int i = 0; i < json.path("parts").size(); i++) {
            edit.apply(i, (ObjectNode) json.path("parts").get(i));
        }
        return Manifest.parseSlice(Json.string(json), "edited slice " + slice.index());
    }

    /** Edits one part of a slice's JSON in place. */
    public interface PartEdit {
        void apply(int index, ObjectNode part);
    }

    /** A manifest hand-edited to pin the object's new ETag, as someone would who wants it to evaluate again. */
    public static UnaryOperator<Slice> repinnedTo(String etag) {
        return s -> {
            Slice edited = edited(s, (i, part) -> ((ObjectNode) part.path("object")).put("etag", etag));
            assertThat(edited.parts()).allMatch(p -> p.object().etag().equals(etag));
            return edited;
        };
    }
}
