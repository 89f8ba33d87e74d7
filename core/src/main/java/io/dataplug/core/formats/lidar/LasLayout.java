package io.dataplug.core.formats.lidar;

import io.dataplug.core.format.DataFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where everything is in one LAS/LAZ object, read with a few ranged GETs (header and VLRs, EVLR headers,
 * the LAZ chunk table) and checked against the object's size: never the point data itself.
 *
 * @param laszip  the LASzip VLR for LAZ, else null
 * @param chunks  the chunk table for LAZ, else null
 * @param crs     the coordinate reference system as the file gives it (OGC WKT, or EPSG codes from GeoTIFF keys), or null
 */
record LasLayout(LasHeader header, List<Vlr> vlrs, List<Vlr> evlrs, LaszipVlr laszip, ChunkTable chunks, String crs,
                 byte[] headerBytes) {

    /** Reads bytes {@code [start, end)} of the object. */
    @FunctionalInterface
    interface Ranges {
        byte[] read(long start, long end);
    }

    private static final int FIRST_READ = 64 << 10;
    private static final long MAX_TABLE = 64L << 20;

    static LasLayout read(Ranges r, String uri, long size) {
        byte[] first = r.read(0, Math.min(size, FIRST_READ));
        LasHeader h = LasHeader.parse(first, uri, size);
        byte[] head = h.offsetToPointData() <= first.length ? Arrays.copyOf(first, (int) h.offsetToPointData())
                : r.read(0, h.offsetToPointData());
        List<Vlr> vlrs = Vlr.parseVlrs(head, h, uri);
        long pointsStart = h.offsetToPointData();
        if (!h.compressed() && pointsStart + h.pointBytes() > size) {
            throw new DataFormatException(uri, size, 0, "the point data is shorter than the header says: "
                    + h.pointCount() + " points of " + h.recordLength() + " bytes from byte " + pointsStart + " need "
                    + (pointsStart + h.pointBytes()) + " bytes, the object has " + size, "the file is truncated");
        }
        if (!h.compressed() && h.evlrCount() > 0 && h.evlrStart() < pointsStart + h.pointBytes()) {
            throw new DataFormatException(uri, 235, 0, "the first EVLR (byte " + h.evlrStart()
                    + ") starts inside the point data", "the header is corrupt");
        }
        List<Vlr> evlrs = readEvlrs(r, h, uri, size);
        LaszipVlr laszip = null;
        ChunkTable chunks = null;
        if (h.compressed()) {
            Vlr v = vlrs.stream().filter(Vlr::isLaszip).findFirst().orElseThrow(() -> new DataFormatException(uri, 104, 0,
                    "the point format is marked compressed (LAZ) but there is no LASzip VLR", "the file is corrupt"));
            laszip = LaszipVlr.parse(payload(head, v), v.start(), uri);
            if (laszip.recordLength() != h.recordLength()) {
                throw new DataFormatException(uri, v.start(), 0, "the LASzip items make " + laszip.recordLength()
                        + "-byte points, the header says " + h.recordLength(), "the file is corrupt");
            }
            if (laszip.compressor() == 1) {
                throw new DataFormatException(uri, v.start(), 0, "pointwise (unchunked) LAZ is not supported",
                        "recompress it with a current LASzip (chunked)");
            }
            chunks = readChunkTable(r, h, laszip, uri, size);
        }
        return new LasLayout(h, vlrs, evlrs, laszip, chunks, crs(head, vlrs), head);
    }

    private static List<Vlr> readEvlrs(Ranges r, LasHeader h, String uri, long size) {
        List<Vlr> evlrs = new ArrayList<>();
        long pos = h.evlrStart();
        for (long i = 0; i < h.evlrCount(); i++) {
            if (pos < h.offsetToPointData() || pos + Vlr.EVLR_HEADER > size) {
                throw new DataFormatException(uri, pos, 0, "EVLR " + (i + 1) + " of " + h.evlrCount() + " at byte " + pos
                        + " is outside the object (" + size + " bytes)", "the file is truncated or its header corrupt");
            }
            Vlr v = Vlr.parse(r.read(pos, pos + Vlr.EVLR_HEADER), 0, pos, uri, true);
            if (v.end() > size) {
                throw new DataFormatException(uri, pos, 0, "EVLR " + (i + 1) + " (" + v.payloadLength()
                        + " bytes) runs past the end of the object", "the file is truncated");
            }
            evlrs.add(v);
            pos = v.end();
        }
        return evlrs;
    }

    private static ChunkTable readChunkTable(Ranges r, LasHeader h, LaszipVlr laszip, String uri, long size) {
        long p = h.offsetToPointData();
        if (p + 8 > size) {
            throw ChunkTable.corrupt(uri, p, "no chunk table pointer at the start of the point data");
        }
        long at = le64(r.read(p, p + 8));
        if (at == -1 && size >= 8) {
            at = le64(r.read(size - 8, size)); // written by a streaming compressor: the pointer is at the end
        }
        if (at < p + 8 || at >= size) {
            throw ChunkTable.corrupt(uri, p, "the chunk table pointer (" + at + ") is outside the point data [" + (p + 8)
                    + ", " + size + ")");
        }
        long end = size;
        if (h.evlrCount() > 0 && h.evlrStart() > at) {
            end = h.evlrStart();
        }
        byte[] table = r.read(at, Math.min(end, at + MAX_TABLE));
        return ChunkTable.decode(table, at, p + 8, laszip, h.pointCount(), uri);
    }

    static byte[] payload(byte[] head, Vlr v) {
        return Arrays.copyOfRange(head, (int) v.payloadStart(), (int) v.end());
    }

    /** OGC WKT (LASF_Projection/2112) when present, else EPSG codes from the GeoTIFF key directory (34735). */
    private static String crs(byte[] head, List<Vlr> vlrs) {
        for (Vlr v : vlrs) {
            if (v.is("LASF_Projection", 2112)) {
                return new String(payload(head, v), StandardCharsets.UTF_8).replace("\0", "").trim();
            }
        }
        for (Vlr v : vlrs) {
            if (v.is("LASF_Projection", 34735) && v.payloadLength() >= 8) {
                ByteBuffer k = ByteBuffer.wrap(payload(head, v)).order(ByteOrder.LITTLE_ENDIAN);
                int keys = k.getShort(6) & 0xffff;
                List<String> codes = new ArrayList<>();
                for (int i = 0; i < keys && 8 + 8 * i + 8 <= k.capacity(); i++) {
                    int id = k.getShort(8 + 8 * i) & 0xffff;
                    int location = k.getShort(10 + 8 * i) & 0xffff;
                    int value = k.getShort(14 + 8 * i) & 0xffff;
                    if ((id == 3072 || id == 2048 || id == 4096) && location == 0 && value != 0 && value != 32767) {
                        codes.add((id == 4096 ? "vertical " : "") + "EPSG:" + value);
                    }
                }
                return codes.isEmpty() ? "GeoTIFF keys" : String.join(" + ", codes);
            }
        }
        return null;
    }

    static long le64(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /** Start of the first point record (uncompressed) or chunk (LAZ, after the 8-byte chunk table pointer). */
    long dataStart() {
        return header.offsetToPointData() + (chunks != null ? 8 : 0);
    }
}
