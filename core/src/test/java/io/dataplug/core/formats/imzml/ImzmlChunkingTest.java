package io.dataplug.core.formats.imzml;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.format.Params;
import io.dataplug.core.formats.imzml.ImzmlGenerator.Mode;
import io.dataplug.core.formats.imzml.ImzmlGenerator.Options;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
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
        List<Map<String, byte[]>> indexes = new ArrayList<>();
        for (long chunk : new long[] {pair.imzml().length, 4096, 997, 250, 61}) {
            try (Pipeline p = Pipeline.local(work.resolve("chunk-" + chunk)).chunkSize(chunk)) {
                ObjectLocation loc = p.put("d.imzML", pair.imzml());
                p.put("d.ibd", pair.ibd());
                ObjectInfo info = p.preprocess(ImzmlFormat.NAME, Map.of(), loc).get(0);
                ObjectLocation dir = p.metadata().layout().objectDir(ImzmlFormat.NAME,
                        Params.parse(List.of(), Map.of(), "imzml").asMap(), info);
                indexes.add(Map.of("index", p.store().readIfExists(MetadataLayout.index(dir)).orElseThrow(),
                        "pixels", p.store().readIfExists(MetadataLayout.sideFile(dir, Tables.PIXELS)).orElseThrow(),
                        "arrays", p.store().readIfExists(MetadataLayout.sideFile(dir, Tables.ARRAYS)).orElseThrow()));
            }
        }
        for (Map<String, byte[]> other : indexes.subList(1, indexes.size())) {
            for (String file : List.of("index", "pixels", "arrays")) {
                assertThat(other.get(file)).as(file).isEqualTo(indexes.get(0).get(file));
            }
        }
        assertThat(Tables.PIXEL_COLUMNS.size(25)).isEqualTo(indexes.get(0).get("pixels").length);
    }
}
