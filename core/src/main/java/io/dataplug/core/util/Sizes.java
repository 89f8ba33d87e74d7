package io.dataplug.core.util;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints byte sizes. One syntax everywhere (CLI flags, format options, strategy parameters, CRD
 * quantities): plain bytes ({@code 1048576}), binary units with or without {@code B} ({@code 64KiB}, {@code 64Ki},
 * {@code 1.5GiB}, {@code 2Ti}). Decimal or bare units ({@code 64k}, {@code 64M}, {@code 1GB}) are refused rather
 * than guessed: Kubernetes reads {@code 1M} as 10^6 bytes and {@code 1m} as a thousandth, many people read it as
 * 2^20.
 */
public final class Sizes {

    /** The accepted syntax, for error messages and help texts. */
    public static final String SYNTAX = "bytes, or a number with Ki, Mi, Gi, Ti (or KiB, MiB, GiB, TiB), e.g. 1048576, 64Ki, 256MiB";

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");
    private static final Pattern AMBIGUOUS = Pattern.compile("(?i)[kmgt]b?");

    private Sizes() {
    }

    /**
     * @throws NumberFormatException with a message that quotes {@code text} and says what is accepted
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip().replace("_", ""));
        if (!m.matches()) {
            throw new NumberFormatException("not a size: '" + text + "' (" + SYNTAX + ")");
        }
        String unit = m.group(2);
        int shift = switch (unit.toLowerCase(Locale.ROOT)) {
            case "", "b" -> 0;
            case "ki", "kib" -> 10;
            case "mi", "mib" -> 20;
            case "gi", "gib" -> 30;
            case "ti", "tib" -> 40;
            default -> throw new NumberFormatException(AMBIGUOUS.matcher(unit).matches()
                    ? "ambiguous size '" + text + "': write " + m.group(1) + binary(unit) + " for binary units, or the number of bytes"
                    : "unknown size unit '" + unit + "' in '" + text + "' (" + SYNTAX + ")");
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift));
        if (bytes.stripTrailingZeros().scale() > 0) {
            throw new NumberFormatException("not a whole number of bytes: '" + text + "' (" + bytes.toPlainString() + ")");
        }
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new NumberFormatException("size out of range: '" + text + "'");
        }
        return bytes.longValueExact();
    }

    /** {@code M} and {@code MB} become {@code Mi}, the unit the writer most likely meant. */
    private static String binary(String unit) {
        return Character.toUpperCase(unit.charAt(0)) + "i";
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
