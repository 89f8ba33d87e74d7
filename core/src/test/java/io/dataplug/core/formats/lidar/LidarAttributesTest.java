package io.dataplug.core.formats.lidar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How a LiDAR dataset's attributes come from its objects': counts add up, descriptions only when shared. */
class LidarAttributesTest {

    private static Map<String, Long> object(long points, long pointFormat, Long epsg, long minX, long maxX) {
        Map<String, Long> a = new TreeMap<>(Map.of("points", points, "chunks", 2L, "pointFormat", pointFormat,
                "recordLength", 34L, "minX", minX, "maxX", maxX, "minY", 0L, "maxY", 10L));
        a.put("minZ", -5L);
        a.put("maxZ", 5L);
        if (epsg != null) {
            a.put("epsg", epsg);
        }
        return a;
    }

    @Test
    void objectsInOneCrsGiveTheUnionOfTheirBounds() {
        Map<String, Long> a = LidarAttributes.combine(List.of(object(10, 3, 32610L, 100, 200), object(5, 3, 32610L, 50, 150)));
        Map<String, Long> want = new TreeMap<>(Map.of("points", 15L, "chunks", 4L, "pointFormat", 3L, "recordLength", 34L,
                "epsg", 32610L, "minX", 50L, "maxX", 200L, "minY", 0L, "maxY", 10L));
        want.put("minZ", -5L);
        want.put("maxZ", 5L);
        assertThat(a).isEqualTo(want);
    }

    @Test
    void differentPointFormatsOrCrssLeaveThoseOut() {
        Map<String, Long> a = LidarAttributes.combine(List.of(object(10, 3, 32610L, 100, 200), object(5, 6, 2154L, 50, 150)));
        assertThat(a).isEqualTo(Map.of("points", 15L, "chunks", 4L, "recordLength", 34L));
        Map<String, Long> noCrs = LidarAttributes.combine(List.of(object(1, 3, null, 0, 1), object(1, 3, null, 0, 1)));
        assertThat(noCrs).doesNotContainKeys("minX", "maxX", "epsg").containsEntry("pointFormat", 3L);
    }

    @Test
    void oneObjectKeepsItsBoundsWithoutAnEpsgCode() {
        assertThat(LidarAttributes.combine(List.of(object(7, 1, null, -3, 4)))).containsEntry("minX", -3L).containsEntry("maxX", 4L)
                .doesNotContainKey("epsg");
    }
}
