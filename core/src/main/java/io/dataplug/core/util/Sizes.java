package io.dataplug.core.util;

import java.util.Locale;

/** Parses and prints byte sizes: {@code 1048576}, {@code 64k}, {@code 64KiB}, {@code 1.5MB}, {@code 2G}. */
public final class Sizes {

    private Sizes() {
    }

    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new NumberFormatException("not a size: '" + text + "' (examples: 1048576, 64KiB, 256MiB, 2GiB)");
        }
        double n = Double.parseDouble(t.substring(0, i));
        long unit = switch (t.substring(i).trim()) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            case "t", "tb", "tib" -> 1L << 40;
            default -> throw new NumberFormatException("unknown size unit in '" + text + "' (use KiB, MiB, GiB, TiB)");
        };
        double v = n * unit;
        if (v < 0 || v > Long.MAX_VALUE) {
            throw new NumberFormatException("size out of range: '" + text + "'");
        }
        return (long) v;
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
