package io.dataplug.core.format;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Values checked against their {@link ParamSpec}s: unknown names, missing values and bad values are refused. */
public final class Params {

    private final Map<String, Object> values;
    private final Map<String, String> raw;

    private Params(Map<String, Object> values, Map<String, String> raw) {
        this.values = values;
        this.raw = raw;
    }

    /**
     * @param what names the thing being configured in error messages, e.g. "format csv" or "strategy chunks"
     */
    public static Params parse(List<ParamSpec> specs, Map<String, String> given, String what) {
        Map<String, ParamSpec> byName = specs.stream()
                .collect(Collectors.toMap(ParamSpec::name, s -> s, (a, b) -> a, LinkedHashMap::new));
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                throw new InvalidRequestException("unknown parameter '" + name + "' for " + what
                        + (byName.isEmpty() ? " (it takes none)" : " (known: " + String.join(", ", byName.keySet()) + ")"));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> raw = new TreeMap<>();
        for (ParamSpec spec : byName.values()) {
            String text = given.containsKey(spec.name()) ? given.get(spec.name()) : spec.defaultValue();
            if (text == null) {
                throw new InvalidRequestException("missing required parameter '" + spec.name() + "' for " + what
                        + " (" + spec.description() + ")");
            }
            try {
                values.put(spec.name(), spec.type().parse(text));
            } catch (RuntimeException e) {
                throw new InvalidRequestException("bad value '" + text + "' for parameter '" + spec.name() + "' of "
                        + what + ": expected " + spec.type().name().toLowerCase() + " (" + e.getMessage() + ")");
            }
            raw.put(spec.name(), text);
        }
        return new Params(values, raw);
    }

    public int getInt(String name) {
        return (Integer) get(name);
    }

    public long getLong(String name) {
        Object v = get(name);
        return v instanceof Integer i ? i : (Long) v;
    }

    public String getString(String name) {
        return (String) get(name);
    }

    /** The character, or 0 for "none". */
    public char getChar(String name) {
        return (Character) get(name);
    }

    public boolean getBoolean(String name) {
        return (Boolean) get(name);
    }

    private Object get(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' was not declared");
        }
        return values.get(name);
    }

    /** All values (defaults included) as text, sorted by name: the canonical form stored in metadata. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(raw);
    }

    /** Requires {@code value >= min}. */
    public static void requireAtLeast(String name, long value, long min, String what) {
        if (value < min) {
            throw new InvalidRequestException("parameter '" + name + "' of " + what + " must be at least " + min + ", got " + value);
        }
    }
}
