package io.dataplug.core.format;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The formats on the classpath. */
public final class Formats {

    private static final Map<String, Format<?, ?, ?>> FORMATS = load();

    private Formats() {
    }

    private static Map<String, Format<?, ?, ?>> load() {
        Map<String, Format<?, ?, ?>> m = new TreeMap<>();
        for (Format<?, ?, ?> f : ServiceLoader.load(Format.class, Formats.class.getClassLoader())) {
            Format<?, ?, ?> previous = m.putIfAbsent(f.name(), f);
            if (previous != null) {
                throw new IllegalStateException("two formats named '" + f.name() + "': "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return m;
    }

    public static Map<String, Format<?, ?, ?>> all() {
        return FORMATS;
    }

    public static Format<?, ?, ?> get(String name) {
        Format<?, ?, ?> f = FORMATS.get(name);
        if (f == null) {
            throw new UnknownFormatException("unknown format '" + name + "' (known: " + String.join(", ", FORMATS.keySet()) + ")");
        }
        return f;
    }

    public static StrategySpec strategy(Format<?, ?, ?> format, String name) {
        return format.strategies().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownStrategyException("unknown strategy '" + name + "' for format " + format.name()
                        + " (known: " + String.join(", ", format.strategies().stream().map(StrategySpec::name).toList()) + ")"));
    }
}
