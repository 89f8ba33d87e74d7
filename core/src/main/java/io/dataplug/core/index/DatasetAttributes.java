package io.dataplug.core.index;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** A dataset's attributes: object count, bytes, and the sum of every per-object attribute. */
public final class DatasetAttributes {

    private DatasetAttributes() {
    }

    public static Map<String, Long> sum(Collection<? extends IndexedObject<?>> objects) {
        Map<String, Long> total = new TreeMap<>();
        total.put("objects", (long) objects.size());
        total.put("bytes", objects.stream().mapToLong(o -> o.source().size()).sum());
        for (IndexedObject<?> o : objects) {
            o.attributes().forEach((k, v) -> total.merge(k, v, Long::sum));
        }
        return total;
    }
}
