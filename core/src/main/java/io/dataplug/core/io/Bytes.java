package io.dataplug.core.io;

/** Searches in byte arrays, for the line and field scanners of every format. */
public final class Bytes {

    private Bytes() {
    }

    /** Index of the first {@code b} in {@code a[from, to)}, or -1. */
    public static int indexOf(byte[] a, int from, int to, byte b) {
        return Swar.indexOf(a, from, to, b);
    }

    /** Index of the first {@code '\n'} in {@code a[from, to)}, or -1. */
    public static int indexOfNewline(byte[] a, int from, int to) {
        return indexOf(a, from, to, (byte) '\n');
    }
}
