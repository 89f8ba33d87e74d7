package io.dataplug.core.formats.imzml;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.ObjectChangedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Evaluates an imzml slice into one POSIX tar stream holding a valid pair: {@code <name>.ibd} first (a new UUID,
 * then the slice's arrays), then {@code <name>.imzML} (whose ibd checksum covers the .ibd just written, which is
 * why it comes second: one pass over the data). The new UUID is derived from the original's, both objects' ETags
 * and the selection, so it differs from the original's and every other slice's, and evaluating a slice twice gives
 * the same bytes. The .imzML is built in memory up to {@code xmlBuffer} bytes; a larger one is written twice over
 * (once to count its bytes for the tar header, once for real).
 */
final class SliceWriter {

    static final long XML_BUFFER = 32 << 20;

    private SliceWriter() {
    }

    static void write(SliceContext ctx, Slice slice, OutputStream out, long xmlBuffer) throws IOException {
        List<SlicePart<ImzmlPart>> parts = slice.parts(ImzmlPart.class);
        ImzmlPart.Selection sel = parts.isEmpty() ? null : parts.get(0).corrections().selection();
        if (sel == null) {
            throw new IllegalArgumentException("slice " + slice.index() + ": its first part is not an imzml .ibd part with a selection");
        }
        SourceObject ibd = object(slice.index(), parts, ImzmlPart.IBD);
        SourceObject xml = object(slice.index(), parts, ImzmlPart.HEADER);
        ImzmlIndex.Layout layout = sel.layout();
        Selected spectra = Selected.load(ctx, sel);
        IbdPlan plan = IbdPlan.of(spectra);
        for (int i = 0; i < plan.sourceStart.length; i++) {
            if (plan.sourceStart[i] < 16 || plan.sourceEnd[i] > ibd.size()) {
                throw new IllegalStateException(ibd.uri() + ": the index places an array at bytes [" + plan.sourceStart[i]
                        + ", " + plan.sourceEnd[i] + "), outside the object's data");
            }
        }
        UUID uuid = UUID.nameUUIDFromBytes((layout.uuid() + "\n" + xml.etag() + "\n" + ibd.etag() + "\n" + sel.from() + "\n"
                + sel.to() + "\n" + sel.cell()).getBytes(StandardCharsets.UTF_8));
        MessageDigest digest = digest(layout.checksum());
        TarWriter tar = new TarWriter(out);
        tar.begin(sel.name() + ".ibd", plan.size);
        OutputStream body = tar.body();
        byte[] head = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
        body.write(head);
        OutputStream data = digest == null ? body : new DigestOutputStream(body, digest);
        if (digest != null) {
            digest.update(head);
        }
        try (RangeReader r = new RangeReader((s, e) -> ctx.open(ibd, s, e), plan.sourceStart, plan.sourceEnd)) {
            for (int i = 0; i < plan.sourceStart.length; i++) {
                r.copyNext(data);
            }
            if (plan.sourceStart.length == 0) { // only empty spectra: read the UUID, so the .ibd is checked all the same
                checkUuid(ctx, ibd, layout.uuid());
            }
        } catch (ObjectChangedException e) {
            throw e.objectUri().equals(ibd.uri()) ? new ObjectChangedException(e.objectUri(), e.expectedEtag(), e.actualEtag(),
                    "an .ibd is only replaced together with its .imzML (a new UUID in both): put the indexed .ibd back, or "
                            + "upload the pair anew and preprocess again") : e;
        }
        tar.end();
        String checksum = digest == null ? null : HexFormat.of().formatHex(digest.digest());
        SliceXml xmlWriter = new SliceXml(ctx, xml, layout, spectra, plan, style(uuid, layout.uuid()), checksum);
        Counting counted = new Counting(xmlBuffer);
        xmlWriter.writeTo(counted);
        tar.begin(sel.name() + ".imzML", counted.count);
        if (counted.buffer != null) {
            counted.buffer.writeTo(tar.body());
        } else {
            Counting again = new Counting(0, tar.body());
            xmlWriter.writeTo(again);
            if (again.count != counted.count) {
                throw new IllegalStateException(xml.uri() + ": the slice's .imzML came out " + again.count + " bytes, then " + counted.count);
            }
        }
        tar.end();
        tar.finish();
    }

    private static void checkUuid(SliceContext ctx, SourceObject ibd, String uuid) throws IOException {
        byte[] head;
        try (java.io.InputStream in = ctx.open(ibd, 0, 16)) {
            head = in.readNBytes(16);
        }
        if (!HexFormat.of().formatHex(head).equals(IndexBuilder.uuidHex(uuid))) {
            throw new DataFormatException(ibd.uri(), 0, 0, "its UUID " + HexFormat.of().formatHex(head)
                    + " is not the one indexed (" + uuid + ")", "the .ibd was replaced; preprocess the pair again");
        }
    }

    private static SourceObject object(int slice, List<SlicePart<ImzmlPart>> parts, String role) {
        SourceObject found = null;
        for (SlicePart<ImzmlPart> p : parts) {
            boolean ibdRole = ImzmlPart.IBD.equals(p.corrections().role());
            if (ibdRole == ImzmlPart.IBD.equals(role)) {
                if (found != null && !found.equals(p.object())) {
                    throw new IllegalArgumentException("slice " + slice + " names two different " + role + " objects");
                }
                found = p.object();
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("slice " + slice + " has no " + role + " part");
        }
        return found;
    }

    private static MessageDigest digest(String algorithm) {
        if (algorithm == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("checksum " + algorithm + " is not available", e);
        }
    }

    /** Writes a UUID the way the original was written (dashes, braces, upper case). */
    static String style(UUID uuid, String original) {
        String hex = uuid.toString().replace("-", "");
        String s = original.contains("-") ? uuid.toString() : hex;
        if (original.trim().startsWith("{")) {
            s = "{" + s + "}";
        }
        return style(s, original);
    }

    /** Upper case when the original's hex digits are. */
    static String style(String hex, String original) {
        return original != null && !original.equals(original.toLowerCase()) ? hex.toUpperCase() : hex;
    }

    /** Counts bytes, keeping them while they fit in {@code limit} (then {@code buffer} becomes null). */
    private static final class Counting extends OutputStream {
        private final long limit;
        private final OutputStream target;
        ByteArrayOutputStream buffer;
        long count;

        Counting(long limit) {
            this.limit = limit;
            this.buffer = new ByteArrayOutputStream();
            this.target = null;
        }

        Counting(long limit, OutputStream target) {
            this.limit = limit;
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count += len;
            if (target != null) {
                target.write(b, off, len);
            } else if (buffer != null) {
                if (count > limit) {
                    buffer = null;
                } else {
                    buffer.write(b, off, len);
                }
            }
        }
    }
}
