package io.dataplug.core.formats.lidar;

import io.dataplug.core.format.DataFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The public header block of a LAS 1.0–1.4 file (LAZ included: the same header with the point format's
 * compression bit set). Only what slicing needs is parsed; the raw bytes are kept so that a slice's header
 * is the original one with counts, bounds and offsets rewritten ({@link LasHeaderPatch}).
 *
 * @param pointFormat    the point data record format, 0–10 (compression bits cleared)
 * @param compressed     LAZ: bit 7 or 6 of the format byte is set
 * @param pointCount     the 64-bit count for LAS 1.4 (the legacy 32-bit one when that is 0), else the legacy count
 * @param waveformStart  LAS 1.3+: start of the waveform data packet record (0 when absent)
 * @param evlrStart      LAS 1.4: start of the first extended VLR (0 when none)
 */
public record LasHeader(int versionMajor, int versionMinor, int globalEncoding, int headerSize, long offsetToPointData,
                        long vlrCount, int pointFormat, boolean compressed, int recordLength, long pointCount,
                        double[] scale, double[] offset, double[] min, double[] max, long waveformStart,
                        long evlrStart, long evlrCount) {

    public static final int MIN_HEADER = 227;
    public static final int HEADER_14 = 375;
    /** Standard record length of point formats 0–10. */
    private static final int[] RECORD_LENGTHS = {20, 28, 26, 34, 57, 63, 30, 36, 38, 59, 67};

    public static int standardLength(int format) {
        return RECORD_LENGTHS[format];
    }

    /** Parses the header at the start of {@code b} ({@code b.length} may run past it); {@code size} is the object's size. */
    public static LasHeader parse(byte[] b, String uri, long size) {
        if (b.length < 4 || b[0] != 'L' || b[1] != 'A' || b[2] != 'S' || b[3] != 'F') {
            throw new DataFormatException(uri, 0, 0, "not a LAS/LAZ file (no 'LASF' signature)",
                    size == 0 ? "the object is empty" : "check the object and the dataset's format");
        }
        if (b.length < MIN_HEADER) {
            throw truncated(uri, b.length, MIN_HEADER);
        }
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int major = h.get(24) & 0xff;
        int minor = h.get(25) & 0xff;
        if (major != 1 || minor > 4) {
            throw new DataFormatException(uri, 24, 0, "unsupported LAS version " + major + "." + minor,
                    "LAS 1.0 to 1.4 are supported");
        }
        int headerSize = h.getShort(94) & 0xffff;
        int need = minor >= 4 ? HEADER_14 : minor == 3 ? 235 : MIN_HEADER;
        if (headerSize < need) {
            throw new DataFormatException(uri, 94, 0, "header size " + headerSize + " is too small for LAS " + major + "."
                    + minor + " (at least " + need + ")", "the header is corrupt");
        }
        if (b.length < headerSize) {
            throw truncated(uri, b.length, headerSize);
        }
        long offsetToPoints = h.getInt(96) & 0xffffffffL;
        long vlrs = h.getInt(100) & 0xffffffffL;
        int formatByte = h.get(104) & 0xff;
        int format = formatByte & 0x3f;
        int recordLength = h.getShort(105) & 0xffff;
        long legacy = h.getInt(107) & 0xffffffffL;
        if (format > 10) {
            throw new DataFormatException(uri, 104, 0, "unknown point data record format " + format, "formats 0 to 10 exist");
        }
        if (recordLength < RECORD_LENGTHS[format]) {
            throw new DataFormatException(uri, 105, 0, "point record length " + recordLength + " is shorter than format "
                    + format + " needs (" + RECORD_LENGTHS[format] + ")", "the header is corrupt");
        }
        if (offsetToPoints < headerSize || offsetToPoints > size) {
            throw new DataFormatException(uri, 96, 0, "offset to point data " + offsetToPoints + " is outside ["
                    + headerSize + ", " + size + "]", size < offsetToPoints ? "the file is truncated" : "the header is corrupt");
        }
        double[] scale = {h.getDouble(131), h.getDouble(139), h.getDouble(147)};
        double[] off = {h.getDouble(155), h.getDouble(163), h.getDouble(171)};
        double[] max = {h.getDouble(179), h.getDouble(195), h.getDouble(211)};
        double[] min = {h.getDouble(187), h.getDouble(203), h.getDouble(219)};
        for (double s : scale) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new DataFormatException(uri, 131, 0, "scale factor " + s + " is not a positive number", "the header is corrupt");
            }
        }
        long waveform = minor >= 3 ? h.getLong(227) : 0;
        long evlrStart = 0;
        long evlrCount = 0;
        long count = legacy;
        if (minor >= 4) {
            evlrStart = h.getLong(235);
            evlrCount = h.getInt(243) & 0xffffffffL;
            long count64 = h.getLong(247);
            if (count64 < 0) {
                throw new DataFormatException(uri, 247, 0, "negative 64-bit point count", "the header is corrupt");
            }
            count = count64 != 0 ? count64 : legacy;
        } else if (minor == 3 && waveform != 0 && (h.getShort(6) & 2) != 0) {
            evlrStart = waveform; // LAS 1.3: the one EVLR is the internal waveform data packet record
            evlrCount = 1;
        }
        return new LasHeader(major, minor, h.getShort(6) & 0xffff, headerSize, offsetToPoints, vlrs, format,
                (formatByte & 0xc0) != 0, recordLength, count, scale, off, min, max, waveform, evlrStart, evlrCount);
    }

    private static DataFormatException truncated(String uri, long have, long need) {
        return new DataFormatException(uri, have, 0, "truncated LAS header: " + have + " bytes, the header needs " + need,
                "the file is truncated");
    }

    /** Point formats 6–10 (LAS 1.4) keep the return number in 4 bits and have 15 return counts. */
    public boolean extendedPoints() {
        return pointFormat >= 6;
    }

    /** Bytes of point data an uncompressed file must hold. */
    public long pointBytes() {
        return Math.multiplyExact(pointCount, (long) recordLength);
    }

    public String version() {
        return versionMajor + "." + versionMinor;
    }
}
