package io.dataplug.core.slice;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Pipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a partitioning covers (each source byte once) versus what its ranges add up to (over-read included). */
class SliceCoverageTest {

    @TempDir
    Path dir;

    static final String HEADER = "id,name,note\n";

    static byte[] csv(int rows) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 0; i < rows; i++) {
            sb.append(i).append(",row ").append(i).append(',').append(i % 5 == 0 ? "\"quoted, with comma\"" : "plain").append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aWholeCsvIsCoveredOnceWhateverTheOverRead() {
        byte[] a = csv(6000);
        byte[] b = csv(900);
        try (Pipeline p = Pipeline.local(dir)) {
            ObjectLocation la = p.put("a.csv", a);
            ObjectLocation lb = p.put("b.csv", b);
            Map<String, String> opts = Map.of("header", "true");
            List<ObjectInfo> infos = p.preprocess("csv", opts, la, lb);
            for (int count : new int[] {1, 3, 8, 40}) {
                List<Slice> slices = p.partition("csv", opts, infos, "chunks", Map.of("count", String.valueOf(count)));
                SliceCoverage c = SliceCoverage.of(slices);
                // The header lines are carried by the slices' corrections, not read from a range.
                assertThat(c.coveredBytes()).as("count=%d", count).isEqualTo(a.length + b.length - 2L * HEADER.length());
                long sum = slices.stream().flatMap(s -> s.parts().stream()).mapToLong(SlicePart::length).sum();
                assertThat(c.rangeBytes()).isEqualTo(sum).isGreaterThanOrEqualTo(c.coveredBytes());
            }
            // With the default 1 MiB checkpoint span every slice of these small files reads from the object's
            // first record: the over-read the old status.bytes (the sum of ranges) reported as if it were data.
            SliceCoverage eight = SliceCoverage.of(p.partition("csv", opts, infos, "chunks", Map.of("count", "8")));
            assertThat(eight.rangeBytes()).isGreaterThan(2 * eight.coveredBytes());
        }
    }

    @Test
    void overlappingAndAdjacentRangesCountOnceAndObjectsAreKeptApart() {
        SourceObject x = new SourceObject("s3://b/x", "b", "x", null, null, null, null, null, "e1", 1000);
        SourceObject xChanged = new SourceObject("s3://b/x", "b", "x", null, null, null, null, null, "e2", 1000);
        SourceObject y = new SourceObject("s3://b/y", "b", "y", null, null, null, null, null, "e3", 1000);
        List<Slice> slices = List.of(
                slice(0, new SlicePart<>(x, 0, 100, null), new SlicePart<>(y, 500, 600, null)),
                slice(1, new SlicePart<>(x, 50, 150, null), new SlicePart<>(x, 150, 200, null)),
                slice(2, new SlicePart<>(x, 300, 300, null), new SlicePart<>(x, 400, 450, null), new SlicePart<>(xChanged, 0, 10, null)));
        SliceCoverage c = SliceCoverage.of(slices);
        assertThat(c.coveredBytes()).isEqualTo(200 + 100 + 50 + 10);
        assertThat(c.rangeBytes()).isEqualTo(100 + 100 + 100 + 50 + 0 + 50 + 10);
        assertThat(SliceCoverage.of(List.of())).isEqualTo(new SliceCoverage(0, 0));
    }

    private static Slice slice(int index, SlicePart<?>... parts) {
        return new Slice(Slice.SCHEMA, "d", "text", Map.of(), "chunks", Map.of(), index, 3, null, null, List.of(parts));
    }
}
