package io.dataplug.core.formats.lidar;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Our own LAS writer for the edge cases no fixture has: any version 1.0–1.4, point formats 0–10, extra bytes,
 * VLRs, EVLRs after the points, the LAS 1.4 legacy count left 0. Header counts and bounds are computed from
 * the points, as a careful writer would.
 */
public final class TestLas {

    /** A point: stored integer X, Y, Z and return number; the other fields are filled from {@code seed}. */
    record Point(int x, int y, int z, int ret, long seed) {
    }

    private int minor = 2;
    private int format = 3;
    private int extraBytes;
    private boolean legacyZero;
    private final List<byte[]> vlrs = new ArrayList<>();
    private final List<byte[]> evlrs = new ArrayList<>();
    private final List<Point> points = new ArrayList<>();
    private double[] scale = {0.01, 0.01, 0.001};
    private double[] offset = {500_000, 4_000_000, 0};

    public TestLas version(int minor) {
        this.minor = minor;
        return this;
    }

    public TestLas format(int format) {
        this.format = format;
        return this;
    }

    public TestLas extraBytes(int n) {
        this.extraBytes = n;
        return this;
    }

    /** LAS 1.4: leave the legacy 32-bit count (and legacy return counts) at 0. */
    TestLas legacyZero() {
        this.legacyZero = true;
        return this;
    }

    TestLas vlr(String user, int id, byte[] payload) {
        vlrs.add(record(user, id, payload, false));
        return this;
    }

    TestLas evlr(String user, int id, byte[] payload) {
        evlrs.add(record(user, id, payload, true));
        return this;
    }

    public TestLas point(int x, int y, int z, int ret) {
        points.add(new Point(x, y, z, ret, points.size() * 7919L + 17));
        return this;
    }

    /** {@code n} random points in {@code [0, w) x [0, h)}. */
    public TestLas random(int n, int w, int h) {
        return random(n, w, h, n);
    }

    TestLas random(int n, int w, int h, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            point(r.nextInt(w), r.nextInt(h), r.nextInt(100_000) - 50_000, 1 + r.nextInt(format >= 6 ? 15 : 5));
        }
        return this;
    }

    int recordLength() {
        return LasHeader.standardLength(format) + extraBytes;
    }

    public byte[] bytes() {
        int headerSize = minor >= 4 ? 375 : minor == 3 ? 235 : 227;
        ByteArrayOutputStream vl = new ByteArrayOutputStream();
        vlrs.forEach(vl::writeBytes);
        int len = recordLength();
        long offsetToPoints = headerSize + vl.size() + (minor == 0 ? 2 : 0);
        ByteBuffer h = ByteBuffer.allocate(headerSize).order(ByteOrder.LITTLE_ENDIAN);
        h.put("LASF".getBytes(StandardCharsets.US_ASCII));
        h.putShort(4, (short) 7);
        h.put(24, (byte) 1).put(25, (byte) minor);
        put(h, 26, "dataplug test", 32);
        put(h, 58, "TestLas", 32);
        h.putShort(90, (short) 100).putShort(92, (short) 2024);
        h.putShort(94, (short) headerSize);
        h.putInt(96, (int) offsetToPoints);
        h.putInt(100, vlrs.size());
        h.put(104, (byte) format);
        h.putShort(105, (short) len);
        long[] returns = new long[15];
        long[] min = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        long[] max = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
        ByteBuffer data = ByteBuffer.allocate(points.size() * len).order(ByteOrder.LITTLE_ENDIAN);
        for (Point p : points) {
            writePoint(data, p, len);
            returns[p.ret() - 1]++;
            int[] v = {p.x(), p.y(), p.z()};
            for (int k = 0; k < 3; k++) {
                min[k] = Math.min(min[k], v[k]);
                max[k] = Math.max(max[k], v[k]);
            }
        }
        boolean legacy = !(minor >= 4 && (legacyZero || format >= 6));
        h.putInt(107, legacy ? points.size() : 0);
        for (int i = 0; i < 5; i++) {
            h.putInt(111 + 4 * i, legacy ? (int) returns[i] : 0);
        }
        for (int k = 0; k < 3; k++) {
            h.putDouble(131 + 8 * k, scale[k]);
            h.putDouble(155 + 8 * k, offset[k]);
            h.putDouble(179 + 16 * k, points.isEmpty() ? 0 : max[k] * scale[k] + offset[k]);
            h.putDouble(187 + 16 * k, points.isEmpty() ? 0 : min[k] * scale[k] + offset[k]);
        }
        long evlrStart = offsetToPoints + (long) points.size() * len;
        if (minor >= 4) {
            h.putLong(235, evlrs.isEmpty() ? 0 : evlrStart);
            h.putInt(243, evlrs.size());
            h.putLong(247, points.size());
            for (int i = 0; i < 15; i++) {
                h.putLong(255 + 8 * i, returns[i]);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.array());
        out.writeBytes(vl.toByteArray());
        if (minor == 0) {
            out.write(0xdd);
            out.write(0xcc); // LAS 1.0's point data start signature
        }
        out.writeBytes(data.array());
        evlrs.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private void writePoint(ByteBuffer b, Point p, int len) {
        int start = b.position();
        Random r = new Random(p.seed());
        byte[] fill = new byte[len];
        r.nextBytes(fill);
        b.put(fill);
        b.putInt(start, p.x()).putInt(start + 4, p.y()).putInt(start + 8, p.z());
        int flags = fill[14] & 0xff;
        if (format >= 6) {
            int n = Math.max(p.ret(), 1 + r.nextInt(15));
            b.put(start + 14, (byte) ((p.ret() & 0x0f) | (Math.min(15, n) << 4)));
        } else {
            int n = Math.max(p.ret(), 1 + r.nextInt(5));
            b.put(start + 14, (byte) ((p.ret() & 0x07) | (Math.min(7, n) << 3) | (flags & 0xc0)));
        }
    }

    private static void put(ByteBuffer b, int at, String s, int len) {
        byte[] t = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < Math.min(len, t.length); i++) {
            b.put(at + i, t[i]);
        }
    }

    static byte[] record(String user, int id, byte[] payload, boolean extended) {
        ByteBuffer b = ByteBuffer.allocate((extended ? 60 : 54) + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        put(b, 2, user, 16);
        b.putShort(18, (short) id);
        if (extended) {
            b.putLong(20, payload.length);
            put(b, 28, "test evlr", 32);
        } else {
            b.putShort(20, (short) payload.length);
            put(b, 22, "test vlr", 32);
        }
        b.position(extended ? 60 : 54);
        b.put(payload);
        return b.array();
    }
}
