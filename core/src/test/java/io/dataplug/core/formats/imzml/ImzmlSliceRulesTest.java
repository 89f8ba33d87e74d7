package io.dataplug.core.formats.imzml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.Params;
import io.dataplug.core.formats.imzml.ImzmlGenerator.Mode;
import io.dataplug.core.formats.imzml.ImzmlGenerator.Options;
import io.dataplug.core.slice.InvalidSliceException;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Partitioner;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.slice.SliceRoots;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.slice.StoreRoot;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Pipeline;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset of one .imzML object: its slices read the .ibd beside it (a sibling the format declares), and
 * nothing else beside it; a manifest that points a part at another object is refused before anything is read.
 */
class ImzmlSliceRulesTest {

    @TempDir
    Path work;

    @Test
    void aSingleObjectDatasetReadsItsIbdAndNothingElseBesideIt() {
        Options o = Options.of(Mode.PROCESSED, DataType.FLOAT32, DataType.FLOAT32);
        ImzmlGenerator.Pair pair = ImzmlGenerator.write(o, ImzmlGenerator.spectra(new Random(41), o, 9, 3, 3, 5, false), 41);
        try (Pipeline p = Pipeline.local(work)) {
            ObjectLocation xml = p.put("one.imzML", pair.imzml());
            p.put("one.ibd", pair.ibd());
            ObjectInfo stranger = p.store().head(p.put("stranger.ibd", pair.ibd()));
            List<ObjectInfo> infos = p.preprocess(ImzmlFormat.NAME, Map.of(), xml);
            Format<?, ?, ?> f = Formats.get(ImzmlFormat.NAME);
            Params opts = Params.parse(f.options(), Map.of(), "imzml");
            SliceRoots single = new SliceRoots(StoreRoot.of(xml, false, p.storage()), p.roots().metadata());
            List<Slice> slices = Partitioner.partition("one", f, opts, Partitioner.loadIndexes(f, opts, infos, p.storage(),
                    p.metadata()), "chunks", Map.of("count", "2"), p.metadata(), single);
            // through a manifest, as a pod reads it
            List<Slice> read = Manifest.fromJsonLines(new ByteArrayInputStream(Manifest.toJsonLines(slices)), "m.jsonl");
            assertThat(p.evaluate(read.get(0))).isNotEmpty();
            assertThat(p.evaluate(read.get(1))).isNotEmpty();

            Slice s = read.get(1);
            List<SlicePart<?>> parts = new ArrayList<>(s.parts());
            SlicePart<?> ibd = parts.get(0);
            parts.set(0, new SlicePart<>(SourceObject.of(stranger, p.storage()), ibd.start(), ibd.end(), ibd.corrections()));
            Slice tampered = new Slice(s.schema(), s.dataset(), s.format(), s.options(), s.strategy(), s.params(), s.index(),
                    s.count(), s.source(), s.metadata(), parts);
            assertThatThrownBy(() -> p.evaluate(tampered)).isInstanceOf(InvalidSliceException.class)
                    .hasMessageContaining("stranger.ibd is not under the dataset's source");
        }
    }
}
