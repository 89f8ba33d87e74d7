package io.dataplug.core.formats.lidar;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dataplug.core.format.DataFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One variable-length record (54-byte header) or extended VLR (60-byte header, LAS 1.4 and the LAS 1.3
 * waveform record), located in its object: bytes {@code [start, end())}.
 */
public record Vlr(String userId, int recordId, long start, int headerLength, long payloadLength) {

    public static final int VLR_HEADER = 54;
    public static final int EVLR_HEADER = 60;

    public long end() {
        return start + headerLength + payloadLength;
    }

    public long payloadStart() {
        return start + headerLength;
    }

    public boolean is(String user, int id) {
        return userId.equals(user) && recordId == id;
    }

    /** The LASzip VLR: its presence (with the compression bit) makes the file LAZ. */
    @JsonIgnore
    public boolean isLaszip() {
        return is("laszip encoded", 22204);
    }

    /** COPC info VLR and hierarchy EVLR: they describe the whole octree, so a slice drops them. */
    @JsonIgnore
    public boolean isCopc() {
        return userId.equals("copc") && (recordId == 1 || recordId == 1000);
    }

    /** The VLRs between the header and the point data; {@code b} holds the object from byte 0 on. */
    public static List<Vlr> parseVlrs(byte[] b, LasHeader h, String uri) {
        List<Vlr> vlrs = new ArrayList<>();
        long pos = h.headerSize();
        for (long i = 0; i < h.vlrCount(); i++) {
            if (pos + VLR_HEADER > h.offsetToPointData()) {
                throw new DataFormatException(uri, pos, 0, "VLR " + (i + 1) + " of " + h.vlrCount()
                        + " runs past the start of the point data (" + h.offsetToPointData() + ")", "the header is corrupt");
            }
            Vlr v = parse(b, (int) pos, uri, false);
            if (v.end() > h.offsetToPointData()) {
                throw new DataFormatException(uri, pos, 0, "VLR " + (i + 1) + " (" + v.userId() + "/" + v.recordId()
                        + ", " + v.payloadLength() + " bytes) runs past the start of the point data", "the header is corrupt");
            }
            vlrs.add(v);
            pos = v.end();
        }
        return vlrs;
    }

    /** One VLR or EVLR header at {@code pos} of {@code b}, whose byte 0 is object byte {@code base}. */
    static Vlr parse(byte[] b, int pos, long base, String uri, boolean extended) {
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        String user = text(b, pos + 2, 16);
        int id = h.getShort(pos + 18) & 0xffff;
        long length = extended ? h.getLong(pos + 20) : h.getShort(pos + 20) & 0xffff;
        if (length < 0) {
            throw new DataFormatException(uri, base + pos, 0, "EVLR with a negative length", "the file is corrupt");
        }
        return new Vlr(user, id, base + pos, extended ? EVLR_HEADER : VLR_HEADER, length);
    }

    static Vlr parse(byte[] b, int pos, String uri, boolean extended) {
        return parse(b, pos, 0, uri, extended);
    }

    private static String text(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && b[off + n] != 0) {
            n++;
        }
        return new String(b, off, n, StandardCharsets.US_ASCII);
    }
}
