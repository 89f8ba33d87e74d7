package io.dataplug.core.gzip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.testing.RequiresTools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * The speculative search's cheap header checks reject no true block start: every non-final dynamic (and, where
 * asked, stored) block boundary that the sequential decoder reports (a checkpoint with span 1, found without the
 * finder) is found when the search starts right at it, and a search from the boundary before finds a start no
 * later than it.
 */
@RequiresTools({"gzip", "pigz"})
class BlockFinderTest {

    @Test
    void findsEveryDynamicBlockBoundaryOfGzipAndPigz() throws IOException {
        byte[] data = GzipTestData.mixed(21, 1_500_000);
        for (String[] cmd : List.of(new String[] {"gzip", "-1", "-c"}, new String[] {"gzip", "-6", "-c"},
                new String[] {"gzip", "-9", "-c"}, new String[] {"pigz", "-c", "-p", "2"})) {
            assertFindsEveryBoundary(GzipTestData.pipe(data, cmd), String.join(" ", cmd), false);
        }
    }

    @Test
    void findsBoundariesAfterStoredBlocks() throws IOException {
        // every full flush ends in an empty stored block (padded to the byte boundary), then a dynamic block
        byte[] gz = GzipTestData.deflaterGzip(GzipTestData.fastq(22, 600_000), Deflater.BEST_SPEED,
                Deflater.DEFAULT_STRATEGY, 50_000, Deflater.FULL_FLUSH);
        assertFindsEveryBoundary(gz, "full flushes", true);
    }

    private static void assertFindsEveryBoundary(byte[] gz, String what, boolean stored) throws IOException {
        GzipIndex index = GzipIndexer.builder().span(1).build().index(new ByteArrayInputStream(gz)).index();
        int dynamic = 0;
        int storedFound = 0;
        long previous = 0;
        for (Checkpoint cp : index.checkpoints()) {
            if (cp.memberStart()) {
                previous = cp.compressedBitPosition();
                continue;
            }
            long bit = cp.compressedBitPosition();
            long head = Bits.at(gz, gz.length, bit);
            if ((head & 1) == 0 && ((head >>> 1) & 3) == 2) {
                dynamic++;
                BlockFinder.Start at = new BlockFinder(gz).find(bit, bit + 1);
                assertThat(at).as("%s: dynamic block at bit %d", what, bit).isNotNull();
                assertThat(at.bit()).as("%s: dynamic block at bit %d", what, bit).isEqualTo(bit);
                BlockFinder.Start before = new BlockFinder(gz).find(previous + 1, bit + 1);
                assertThat(before).as("%s: search from bit %d", what, previous + 1).isNotNull();
                assertThat(before.bit()).as("%s: search from bit %d", what, previous + 1).isLessThanOrEqualTo(bit);
            }
            if (stored && (head & 1) == 0 && ((head >>> 1) & 3) == 0) {
                storedFound++;
                BlockFinder.Start at = new BlockFinder(gz).find(bit, bit + 1);
                assertThat(at).as("%s: stored block at bit %d", what, bit).isNotNull();
                assertThat(bit).as("%s: stored block at bit %d", what, bit).isBetween(at.bit(), at.latestBit());
            }
            previous = bit;
        }
        assertThat(stored ? storedFound : dynamic).as("%s: block boundaries checked", what).isGreaterThan(3);
    }
}
