package io.dataplug.operator.dev.api;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A request's query parameters, decoded (the last value of a repeated name wins). */
record Query(Map<String, String> params) {

    static Query parse(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String p : raw.split("&")) {
                int eq = p.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
                m.put(k, eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new Query(m);
    }

    String get(String name) {
        return params.get(name);
    }

    boolean watch() {
        String w = params.get("watch");
        return w != null && (w.equals("true") || w.equals("1"));
    }

    /** The query string without {@code name}, with its leading '?' (empty when nothing is left). */
    String without(String name) {
        String s = params.entrySet().stream().filter(e -> !e.getKey().equals(name))
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return s.isEmpty() ? "" : "?" + s;
    }
}
