package io.dataplug.core.index;

import io.dataplug.core.format.Format;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dataset's attributes: object count, bytes, and the per-object attributes combined over the objects as
 * the format says ({@link Format#datasetAttributes}: by default summed, {@code min<Name>} and {@code max<Name>}
 * keeping the extreme).
 */
public final class DatasetAttributes {

    private DatasetAttributes() {
    }

    public static Map<String, Long> of(Format<?, ?, ?> format, Collection<? extends IndexedObject<?>> objects) {
        List<Map<String, Long>> each = objects.stream().map(o -> (Map<String, Long>) o.attributes()).toList();
        Map<String, Long> total = new TreeMap<>(format.datasetAttributes(each));
        total.put("objects", (long) objects.size());
        total.put("bytes", objects.stream().mapToLong(o -> o.source().size()).sum());
        return total;
    }
}
