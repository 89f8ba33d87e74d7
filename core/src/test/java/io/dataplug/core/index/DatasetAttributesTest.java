package io.dataplug.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.format.AttributeCombine;
import io.dataplug.core.formats.lines.CsvFormat;
import io.dataplug.core.slice.SourceObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetAttributesTest {

    private static IndexedObject<Void> object(long size, Map<String, Long> attributes) {
        return new IndexedObject<>(new SourceObject("file:///x", null, "/x", null, null, null, null, null, "e", size), "dir",
                null, attributes, Map.of());
    }

    @Test
    void byDefaultCountsAreSummedAndMinMaxNamesKeepTheExtreme() {
        Map<String, Long> a = DatasetAttributes.of(new CsvFormat(), List.of(
                object(10, Map.of("spectra", 9L, "maxImageWidth", 3L, "minMz", 100L, "maximum", 1L)),
                object(5, Map.of("spectra", 4L, "maxImageWidth", 7L, "minMz", 50L, "maximum", 2L))));
        assertThat(a).containsEntry("objects", 2L).containsEntry("bytes", 15L).containsEntry("spectra", 13L)
                .containsEntry("maxImageWidth", 7L).containsEntry("minMz", 50L).containsEntry("maximum", 3L);
    }

    @Test
    void sameValuesAreKeptOnlyWhenEveryObjectHasThemEqual() {
        Map<String, Long> a = AttributeCombine.combine(List.of(
                Map.of("width", 640L, "bands", 3L, "epsg", 4326L, "tiles", 2L),
                Map.of("width", 320L, "bands", 3L, "tiles", 5L),
                Map.of("width", 640L, "bands", 3L, "epsg", 4326L, "tiles", 1L)),
                k -> k.equals("tiles") ? AttributeCombine.SUM : AttributeCombine.SAME);
        assertThat(a).containsOnly(Map.entry("bands", 3L), Map.entry("tiles", 8L));
        assertThat(AttributeCombine.combine(List.of(), AttributeCombine::byName)).isEmpty();
    }
}
