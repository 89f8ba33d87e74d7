package io.dataplug.core.formats.imzml;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.formats.imzml.ImzmlGenerator.Mode;
import io.dataplug.core.formats.imzml.ImzmlGenerator.Options;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.core.testing.InMemoryIndexingContext;
import io.dataplug.core.testing.Pipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunked preprocessing gives the index a sequential parse gives, whatever the chunk size: chunks that begin inside
 * a spectrum, inside the header, inside a comment that holds {@code <spectrum} markup, or past the spectrum list.
 */
class ImzmlChunkingTest {

    @TempDir
    Path work;

    private static ImzmlGenerator.Pair decoyFile() {
        Options o = Options.of(Mode.PROCESSED, DataType.FLOAT32, DataType.INT32).withDecoys().inUtf8().withShuffledIbd();
        return ImzmlGenerator.write(o, ImzmlGenerator.spectra(new Random(21), o, 25, 7, 6, 6, true), 21);
    }

    @Test
    void aChunkThatResynchronisesOnACommentIsNotTakenAsIs() throws Exception {
        ImzmlGenerator.Pair pair = decoyFile();
        String xml = new String(pair.imzml(), StandardCharsets.ISO_8859_1);
        int decoy = xml.indexOf("<spectrum id=\"decoy-");
        assertThat(decoy).isPositive();
        InMemoryIndexingContext ctx = new InMemoryIndexingContext(new ImzmlFormat(), Map.of(), "/mem/x.imzML", pair.imzml());
        ImzmlChunk c = ChunkScan.scan(ctx, decoy - 3, decoy + 2000);
        assertThat(c.first()).as("the byte match lies in a comment").isEqualTo(decoy);
        ImzmlChunk real = ChunkScan.scan(ctx, 0, decoy - 3);
        assertThat(real.next()).as("where the previous chunk saw the next spectrum").isGreaterThan(decoy);
    }

    @Test
    void everyChunkSizeGivesTheSameIndex() {
        ImzmlGenerator.Pair pair = decoyFile();
        List<CommittedIndex> indexes = new ArrayList<>();
        for (long chunk : new long[] {pair.imzml().length, 4096, 997, 250, 61}) {
            try (Pipeline p = Pipeline.local(work.resolve("chunk-" + chunk)).chunkSize(chunk)) {
                ObjectLocation loc = p.put("d.imzML", pair.imzml());
                p.put("d.ibd", pair.ibd());
                ObjectInfo info = p.preprocess(ImzmlFormat.NAME, Map.of(), loc).get(0);
                indexes.add(CommittedIndex.read(p, ImzmlFormat.NAME, Map.of(), info));
            }
        }
        assertThat(indexes.get(0).sideFiles()).containsOnlyKeys(Tables.PIXELS, Tables.ARRAYS);
        for (CommittedIndex other : indexes.subList(1, indexes.size())) {
            other.assertSameContentAs(indexes.get(0), "chunks of another size");
        }
        assertThat(Tables.PIXEL_COLUMNS.size(25)).isEqualTo(indexes.get(0).sideFiles().get(Tables.PIXELS).length());
    }
}
