package io.dataplug.operator.support;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Object key globs: {@code *} matches within one path level, {@code **} across levels (and {@code **}{@code /}
 * also matches no level at all), {@code ?} one character, {@code [abc]} a class, {@code {a,b}} alternatives.
 */
public final class Globs {

    private final List<Pattern> patterns;

    public Globs(List<String> globs) {
        this.patterns = globs == null ? List.of() : globs.stream().map(Globs::compile).toList();
    }

    /** True when there are no patterns or one matches {@code relativeKey}. */
    public boolean matches(String relativeKey) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(relativeKey).matches());
    }

    public static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                            i++;
                            re.append("(?:.*/)?");
                        } else {
                            re.append(".*");
                        }
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close < 0) {
                        throw new IllegalArgumentException("unclosed '[' in glob '" + glob + "'");
                    }
                    String cls = glob.substring(i + 1, close);
                    re.append('[').append(cls.startsWith("!") ? "^" + cls.substring(1) : cls).append(']');
                    i = close;
                }
                case '{' -> {
                    re.append("(?:");
                    depth++;
                }
                case '}' -> {
                    if (depth == 0) {
                        throw new IllegalArgumentException("unbalanced '}' in glob '" + glob + "'");
                    }
                    re.append(')');
                    depth--;
                }
                case ',' -> re.append(depth > 0 ? "|" : ",");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unclosed '{' in glob '" + glob + "'");
        }
        return Pattern.compile(re.toString());
    }
}
