package io.dataplug.core.index;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * A dataset's attributes: object count, bytes, and every per-object attribute combined over the objects:
 * summed, except attributes named {@code min<Name>} or {@code max<Name>} (e.g. {@code maxImageWidth}), which
 * keep the smallest or the largest value.
 */
public final class DatasetAttributes {

    private DatasetAttributes() {
    }

    public static Map<String, Long> sum(Collection<? extends IndexedObject<?>> objects) {
        Map<String, Long> total = new TreeMap<>();
        total.put("objects", (long) objects.size());
        total.put("bytes", objects.stream().mapToLong(o -> o.source().size()).sum());
        for (IndexedObject<?> o : objects) {
            o.attributes().forEach((k, v) -> total.merge(k, v, combiner(k)));
        }
        return total;
    }

    static BinaryOperator<Long> combiner(String key) {
        if (key.length() > 3 && Character.isUpperCase(key.charAt(3))) {
            if (key.startsWith("max")) {
                return Math::max;
            }
            if (key.startsWith("min")) {
                return Math::min;
            }
        }
        return Long::sum;
    }
}
