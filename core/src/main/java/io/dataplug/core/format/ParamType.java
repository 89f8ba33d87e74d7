package io.dataplug.core.format;

import io.dataplug.core.util.Sizes;
import java.util.Locale;

/** Types of format options and strategy parameters, with their parsing rules. */
public enum ParamType {
    INT, LONG, BYTES, STRING, CHAR, BOOLEAN;

    Object parse(String raw) {
        return switch (this) {
            case INT -> Integer.parseInt(raw.trim());
            case LONG -> Long.parseLong(raw.trim());
            case BYTES -> Sizes.parse(raw);
            case STRING -> raw;
            case CHAR -> parseChar(raw);
            case BOOLEAN -> switch (raw.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> Boolean.TRUE;
                case "false", "no", "0" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("expected true or false");
            };
        };
    }

    /** A single character; also accepts the escapes {@code \t}, {@code tab}, {@code none} (returns 0). */
    private static Character parseChar(String raw) {
        return switch (raw) {
            case "\\t", "tab", "TAB" -> '\t';
            case "none", "" -> (char) 0;
            default -> {
                if (raw.length() != 1) {
                    throw new IllegalArgumentException("expected one character");
                }
                yield raw.charAt(0);
            }
        };
    }
}
