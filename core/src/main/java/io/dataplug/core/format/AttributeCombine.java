package io.dataplug.core.format;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How one per-object attribute becomes a dataset attribute. Counts add up, extremes keep the smallest or the
 * largest value, and descriptions of each object (an image's width, a point format, an EPSG code) are kept
 * only when every object agrees: a sum or a pick of such a value would be a wrong answer, its absence is not.
 */
public enum AttributeCombine {
    /** Added up over the objects (rows, tiles, bytes read). */
    SUM,
    /** The smallest value (a lower bound). */
    MIN,
    /** The largest value (an upper bound). */
    MAX,
    /** Kept when every object has it with the same value; left out of the dataset's attributes otherwise. */
    SAME;

    /**
     * The default rule, by name: {@code min<Name>} is {@link #MIN}, {@code max<Name>} is {@link #MAX}
     * ({@code maxImageWidth}, but not {@code maximum}), anything else is {@link #SUM}.
     */
    public static AttributeCombine byName(String attribute) {
        if (attribute.length() > 3 && Character.isUpperCase(attribute.charAt(3))) {
            if (attribute.startsWith("max")) {
                return MAX;
            }
            if (attribute.startsWith("min")) {
                return MIN;
            }
        }
        return SUM;
    }

    /** Combines the objects' attributes, each attribute with the rule {@code rules} gives for its name. */
    public static Map<String, Long> combine(List<Map<String, Long>> objects, Function<String, AttributeCombine> rules) {
        Map<String, Long> out = new TreeMap<>();
        Map<String, Integer> holders = new HashMap<>();
        Set<String> disagreeing = new HashSet<>();
        for (Map<String, Long> o : objects) {
            o.forEach((k, v) -> {
                holders.merge(k, 1, Integer::sum);
                switch (rules.apply(k)) {
                    case SUM -> out.merge(k, v, Long::sum);
                    case MIN -> out.merge(k, v, Math::min);
                    case MAX -> out.merge(k, v, Math::max);
                    case SAME -> {
                        Long first = out.putIfAbsent(k, v);
                        if (first != null && !first.equals(v)) {
                            disagreeing.add(k);
                        }
                    }
                }
            });
        }
        // an object without a SAME attribute (no EPSG code, say) disagrees with those that have it
        out.keySet().removeIf(k -> rules.apply(k) == SAME && (disagreeing.contains(k) || holders.get(k) < objects.size()));
        return out;
    }
}
