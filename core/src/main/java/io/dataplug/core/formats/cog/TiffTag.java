package io.dataplug.core.formats.cog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One TIFF field as stored: tag, field type, value count and the value bytes in the file's byte order. Kept
 * raw so that a slice can copy it verbatim into a file of the same byte order.
 */
record TiffTag(int tag, int type, long count, byte[] value) {

    TiffTag {
        int size = Tiff.typeSize(type);
        if (size == 0 || count < 0 || value == null || value.length != count * size) {
            throw new IllegalArgumentException("TIFF tag " + tag + ": " + (value == null ? 0 : value.length)
                    + " value bytes do not hold " + count + " values of type " + type);
        }
    }

    /** The values as integers (BYTE, SHORT, LONG, LONG8 and their signed forms, IFD, IFD8). */
    long[] longs(ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(value).order(order);
        long[] out = new long[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (type) {
                case Tiff.BYTE, Tiff.UNDEFINED -> b.get() & 0xff;
                case Tiff.SBYTE -> b.get();
                case Tiff.SHORT -> b.getShort() & 0xffff;
                case Tiff.SSHORT -> b.getShort();
                case Tiff.LONG, Tiff.IFD -> b.getInt() & 0xffffffffL;
                case Tiff.SLONG -> b.getInt();
                case Tiff.LONG8, Tiff.SLONG8, Tiff.IFD8 -> b.getLong();
                default -> throw new IllegalStateException("tag " + tag + " of type " + type + " is not an integer");
            };
        }
        return out;
    }

    /** The values as integers, each of which must be in {@code [0, max]}. */
    int[] ints(ByteOrder order, long max) {
        long[] v = longs(order);
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] > max) {
                throw new IllegalStateException("tag " + tag + " value " + v[i] + " is out of range [0, " + max + "]");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** The first value as an integer. */
    long first(ByteOrder order) {
        if (count == 0) {
            throw new IllegalStateException("tag " + tag + " has no value");
        }
        return longs(order)[0];
    }

    /** The values as floating-point numbers (DOUBLE, FLOAT, RATIONAL, or any integer type). */
    double[] doubles(ByteOrder order) {
        if (type != Tiff.DOUBLE && type != Tiff.FLOAT && type != Tiff.RATIONAL && type != Tiff.SRATIONAL) {
            return toDoubles(longs(order));
        }
        ByteBuffer b = ByteBuffer.wrap(value).order(order);
        double[] out = new double[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (type) {
                case Tiff.DOUBLE -> b.getDouble();
                case Tiff.FLOAT -> b.getFloat();
                case Tiff.RATIONAL -> (b.getInt() & 0xffffffffL) / (double) (b.getInt() & 0xffffffffL);
                default -> b.getInt() / (double) b.getInt();
            };
        }
        return out;
    }

    private static double[] toDoubles(long[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** An ASCII value without its terminating NUL(s). */
    String ascii() {
        int end = value.length;
        while (end > 0 && value[end - 1] == 0) {
            end--;
        }
        return new String(value, 0, end, StandardCharsets.ISO_8859_1);
    }

    static TiffTag ofShorts(int tag, int[] values, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(order);
        for (int v : values) {
            b.putShort((short) v);
        }
        return new TiffTag(tag, Tiff.SHORT, values.length, b.array());
    }

    /** Integers as LONG (32-bit) or LONG8 (64-bit). */
    static TiffTag ofLongs(int tag, long[] values, boolean wide, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(values.length * (wide ? 8 : 4)).order(order);
        for (long v : values) {
            if (wide) {
                b.putLong(v);
            } else {
                b.putInt((int) v);
            }
        }
        return new TiffTag(tag, wide ? Tiff.LONG8 : Tiff.LONG, values.length, b.array());
    }

    static TiffTag ofDoubles(int tag, double[] values, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(order);
        for (double v : values) {
            b.putDouble(v);
        }
        return new TiffTag(tag, Tiff.DOUBLE, values.length, b.array());
    }

    /** ASCII with its terminating NUL. */
    static TiffTag ofAscii(int tag, String text) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] v = java.util.Arrays.copyOf(t, t.length + 1);
        return new TiffTag(tag, Tiff.ASCII, v.length, v);
    }

    /** This tag with 64-bit integers narrowed to LONG, for classic TIFF; fails when a value does not fit. */
    TiffTag narrowed(ByteOrder order) {
        if (!Tiff.isWide(type)) {
            return this;
        }
        long[] v = longs(order);
        for (long x : v) {
            if (x < 0 || x > 0xffffffffL) {
                throw new IllegalArgumentException("tag " + tag + " value " + x + " does not fit classic TIFF");
            }
        }
        return ofLongs(tag, v, false, order);
    }
}
