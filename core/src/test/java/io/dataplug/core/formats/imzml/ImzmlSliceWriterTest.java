package io.dataplug.core.formats.imzml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.format.SliceContext;
import io.dataplug.core.formats.imzml.ImzmlGenerator.Mode;
import io.dataplug.core.formats.imzml.ImzmlGenerator.Options;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.LocalObjectStore;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.testing.Pipeline;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tar stream itself, and the path for slices whose .imzML is too large to build in memory. */
class ImzmlSliceWriterTest {

    @TempDir
    Path work;

    @Test
    void aLargeImzmlIsWrittenTwiceOverWithTheSameBytes() throws Exception {
        Options o = Options.of(Mode.PROCESSED, DataType.FLOAT64, DataType.FLOAT32).inUtf8();
        ImzmlGenerator.Pair pair = ImzmlGenerator.write(o, ImzmlGenerator.spectra(new Random(31), o, 30, 6, 5, 8, false), 31);
        try (Pipeline p = Pipeline.local(work.resolve("p"))) {
            List<ObjectInfo> infos = pair.preprocess(p, "big");
            for (Slice s : p.partition(ImzmlFormat.NAME, Map.of(), infos, "grid", Map.of("rows", "2", "cols", "2"))) {
                byte[] buffered = p.evaluate(s);
                ByteArrayOutputStream twice = new ByteArrayOutputStream();
                SliceWriter.write(localContext(), s, twice, 0);
                assertThat(twice.toByteArray()).isEqualTo(buffered);
            }
        }
    }

    @Test
    void aSliceNamingBytesOutsideItsObjectIsRefused() throws Exception {
        Options o = Options.of(Mode.CONTINUOUS, DataType.FLOAT32, DataType.FLOAT32);
        ImzmlGenerator.Pair pair = ImzmlGenerator.write(o, ImzmlGenerator.spectra(new Random(32), o, 6, 3, 2, 8, false), 32);
        try (Pipeline p = Pipeline.local(work.resolve("q"))) {
            List<ObjectInfo> infos = pair.preprocess(p, "s");
            Slice s = p.partition(ImzmlFormat.NAME, Map.of(), infos, "chunks", Map.of("count", "1")).get(0);
            ImzmlPart first = s.parts(ImzmlPart.class).get(0).corrections();
            ImzmlPart.Selection sel = first.selection();
            ImzmlIndex.Layout l = sel.layout();
            ImzmlIndex.Layout bad = new ImzmlIndex.Layout(l.size(), l.headerEnd(), l.trailerStart(), l.uuid(),
                    new Span(l.headerEnd() - 5, l.headerEnd() + 50), l.imsRef(), l.checksum(), l.checksumParam(), l.listTag(),
                    l.removed(), l.groupKinds());
            assertThatThrownBy(() -> p.evaluate(withSelection(s, new ImzmlPart.Selection(sel.name(), sel.pixels(), sel.arrays(),
                    sel.rows(), sel.from(), sel.to(), sel.count(), sel.cell(), bad))))
                    .hasMessageContaining("outside the header");
            assertThatThrownBy(() -> p.evaluate(withSelection(s, new ImzmlPart.Selection(sel.name(), sel.pixels(), sel.arrays(),
                    sel.rows(), sel.from(), sel.rows() + 1, sel.count(), sel.cell(), l))))
                    .hasMessageContaining("not a valid selection");
        }
    }

    /** A slice of empty spectra copies no array, yet reads the .ibd's UUID: a replaced .ibd still fails it. */
    @Test
    void aSliceOfEmptySpectraStillPinsTheIbd() throws Exception {
        Options o = Options.of(Mode.CONTINUOUS, DataType.FLOAT32, DataType.FLOAT32);
        ImzmlGenerator.Pair pair = ImzmlGenerator.write(o, ImzmlGenerator.spectra(new Random(33), o, 4, 2, 2, 0, false), 33);
        try (Pipeline p = Pipeline.local(work.resolve("e"))) {
            List<ObjectInfo> infos = pair.preprocess(p, "e");
            Slice s = p.partition(ImzmlFormat.NAME, Map.of(), infos, "chunks", Map.of("count", "2")).get(1);
            assertThat(s.parts().get(0).start()).isZero();
            assertThat(s.parts().get(0).end()).isEqualTo(16);
            p.evaluate(s);
            byte[] other = pair.ibd().clone();
            other[0] ^= 1;
            p.put("e.ibd", other);
            assertThatThrownBy(() -> p.evaluate(s)).isInstanceOf(io.dataplug.core.storage.ObjectChangedException.class)
                    .hasMessageContaining("e.ibd");
        }
    }

    private static Slice withSelection(Slice s, ImzmlPart.Selection sel) {
        List<SlicePart<?>> parts = new ArrayList<>(s.parts());
        SlicePart<?> p0 = parts.get(0);
        parts.set(0, new SlicePart<>(p0.object(), p0.start(), p0.end(), new ImzmlPart(ImzmlPart.IBD, sel)));
        return new Slice(s.schema(), s.dataset(), s.format(), s.options(), s.strategy(), s.params(), s.index(), s.count(),
                s.source(), s.metadata(), parts);
    }

    @Test
    void tarNamesLongerThanUstarHoldAndNonAsciiSurvive() throws Exception {
        ImzmlChecker.assumePython();
        String longName = "x".repeat(120) + ".ibd";
        String accented = "Gewebeschnitt-Maus-Gehirn-übersicht.imzML";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter tar = new TarWriter(out);
        tar.begin(longName, 3);
        tar.body().write(new byte[] {1, 2, 3});
        tar.end();
        tar.begin(accented, 0);
        tar.end();
        tar.finish();
        assertThat(out.size() % 512).isZero();
        Path f = Files.write(work.resolve("t.tar"), out.toByteArray());
        ImzmlChecker.Result r = runPython("import tarfile,sys\nwith tarfile.open(sys.argv[1], 'r|') as t:\n"
                + "    for m in t: print(m.name, m.size, m.isreg(), list(t.extractfile(m).read()))\n", f);
        assertThat(r.assertOk()).containsExactly(longName + " 3 True [1, 2, 3]", accented + " 0 True []");
        assertThatThrownBy(() -> {
            tar.begin("short", 2);
            tar.body().write(new byte[3]);
        }).isInstanceOf(IllegalStateException.class);
    }

    private static ImzmlChecker.Result runPython(String program, Path arg) {
        ExternalTools.Result r = ExternalTools.exec(null, null, null, "python3", "-c", program, arg.toString());
        return new ImzmlChecker.Result(r.exit(), new String(r.out(), StandardCharsets.UTF_8), r.err());
    }

    private static SliceContext localContext() {
        LocalObjectStore store = new LocalObjectStore();
        return new SliceContext() {
            @Override
            public InputStream open(SourceObject object, long start, long end) {
                return store.open(object.location(), start, end - start, object.etag());
            }

            @Override
            public byte[] readMetadata(String uri, long offset, int length) {
                return store.read(ObjectLocation.parse(uri), offset, length, null);
            }
        };
    }
}
