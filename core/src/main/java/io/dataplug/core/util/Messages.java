package io.dataplug.core.util;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes text safe to show in an error message, a log line, a status condition or an Event: control
 * characters escaped (data echoed from a binary file must not drive the terminal), and anything shaped like a
 * secret replaced by {@code ***}.
 */
public final class Messages {

    /** {@code scheme://user:password@host}: the user information of a URI (a password may hold '/'). */
    private static final Pattern USERINFO = Pattern.compile(
            "([a-zA-Z][a-zA-Z0-9+.-]*://)(?:[^\\s/@'\"]+|[^\\s:/@'\"]*:[^\\s@'\"]*)@");
    /** AWS access key ids (long-term AKIA, temporary ASIA, ...). */
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b");
    /** {@code name=value} or {@code name: value} where the name says secret, password, token, signature... */
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)((?:aws_)?(?:secret[_-]?access[_-]?key|secret|password|passwd|session[_-]?token|token|signature|"
                    + "x-amz-signature|x-amz-security-token|credential)[\"']?\\s*[=:]\\s*[\"']?)([^\\s\"'&,;]+)");

    private Messages() {
    }

    /** {@code text} with secret-shaped parts replaced by {@code ***} and control characters escaped. */
    public static String safe(String text) {
        return printable(redact(text));
    }

    /** Replaces the user information of URIs, AWS access key ids and {@code secret=...}-like values by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = USERINFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "***@"));
        s = ACCESS_KEY_ID.matcher(s).replaceAll("***");
        return SECRET_ASSIGNMENT.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "***"));
    }

    /**
     * Escapes control characters ({@code \x1b} for ESC, {@code \n} and {@code \t} as such), so that text taken from
     * data cannot move the cursor, change colours or fake further lines of output.
     */
    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isISOControl(c) && c != '\u2028' && c != '\u2029') {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format("\\x%02x", (int) c & 0xffff));
            }
        }
        return sb == null ? text : sb.toString();
    }
}
