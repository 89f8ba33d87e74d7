package io.dataplug.core.formats.lidar;

import io.dataplug.core.format.AttributeCombine;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attributes of a LAS/LAZ/COPC object and how a dataset combines them (shared by {@code las} and {@code copc}).
 * Point counts add up; the point format, record length and EPSG code are kept when every object has the same;
 * bounds (rounded outwards to whole CRS units; {@code index.json} has them exactly) are the union, kept only
 * for one object or objects that all name one EPSG code.
 */
final class LidarAttributes {

    private static final Set<String> COUNTS = Set.of("points", "chunks", "nodes");
    private static final List<String> BOUNDS = List.of("minX", "minY", "minZ", "maxX", "maxY", "maxZ");
    /** A horizontal CRS given by one EPSG code from GeoTIFF keys (a vertical one may follow). */
    private static final Pattern EPSG = Pattern.compile("EPSG:(\\d+)(?: \\+ vertical EPSG:\\d+)?");

    private LidarAttributes() {
    }

    /** {@code counts} (points, chunks or nodes) plus what the header and CRS say. */
    static Map<String, Long> of(LasHeader h, String crs, Map<String, Long> counts) {
        Map<String, Long> a = new TreeMap<>(counts);
        a.put("pointFormat", (long) h.pointFormat());
        a.put("recordLength", (long) h.recordLength());
        String[] axes = {"X", "Y", "Z"};
        for (int i = 0; i < 3; i++) {
            a.put("min" + axes[i], (long) Math.floor(h.min()[i]));
            a.put("max" + axes[i], (long) Math.ceil(h.max()[i]));
        }
        Matcher m = crs == null ? null : EPSG.matcher(crs);
        if (m != null && m.matches()) {
            a.put("epsg", Long.parseLong(m.group(1)));
        }
        return a;
    }

    static Map<String, Long> combine(List<Map<String, Long>> objects) {
        Map<String, Long> a = AttributeCombine.combine(objects, k -> COUNTS.contains(k) ? AttributeCombine.SUM
                : BOUNDS.contains(k) ? AttributeCombine.byName(k) : AttributeCombine.SAME);
        AttributeCombine.keepBoundsInOneCrs(a, objects.size(), BOUNDS, "epsg");
        return a;
    }
}
