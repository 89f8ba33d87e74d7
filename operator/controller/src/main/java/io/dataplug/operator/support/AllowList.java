package io.dataplug.operator.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An operator setting that lists what tenants may choose (worker images, service accounts, namespaces): exact
 * values, {@code *} for anything, or a prefix ending in {@code :*}, {@code /*} or {@code @*} (e.g.
 * {@code ghcr.io/dataplug/dataplug-worker:*}). A {@code *} anywhere else is refused, so that
 * {@code registry/worker*} cannot also admit {@code registry/worker-evil}.
 */
public record AllowList(List<String> entries) {

    public static final AllowList NONE = new AllowList(List.of());
    public static final AllowList ANY = new AllowList(List.of("*"));

    public AllowList {
        entries = List.copyOf(entries);
        for (String e : entries) {
            int star = e.indexOf('*');
            boolean wildcardAlone = e.equals("*");
            boolean prefix = star == e.length() - 1 && star > 0 && ":/@".indexOf(e.charAt(star - 1)) >= 0;
            if (e.isBlank() || star >= 0 && !wildcardAlone && !prefix) {
                throw new IllegalArgumentException("allow-list entry '" + e + "': use an exact value, '*', or a prefix ending in "
                        + "':*', '/*' or '@*'");
            }
        }
    }

    /** Comma-separated entries; blanks are ignored. */
    public static AllowList parse(String commaSeparated) {
        if (commaSeparated == null) {
            return NONE;
        }
        List<String> list = new ArrayList<>();
        Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(list::add);
        return new AllowList(list);
    }

    public static AllowList of(String... entries) {
        return new AllowList(List.of(entries));
    }

    public boolean allows(String value) {
        if (value == null) {
            return false;
        }
        for (String e : entries) {
            if (e.equals("*") || e.equals(value) || e.endsWith("*") && value.startsWith(e.substring(0, e.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** For messages: the entries, or "none". */
    @Override
    public String toString() {
        return entries.isEmpty() ? "none" : String.join(", ", entries);
    }
}
