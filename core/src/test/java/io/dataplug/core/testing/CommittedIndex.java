package io.dataplug.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.Params;
import io.dataplug.core.index.IndexMarker;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.util.Json;
import io.dataplug.core.util.StrictJson;
import java.nio.charset.StandardCharsets;
import io.dataplug.core.storage.ObjectStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What an object's marker commits, read back from storage: the plan it names, its index (inside the marker or that
 * plan's index.json), side files and attributes. Two of them compare equal when a crashed-and-retried run left exactly what a
 * clean run leaves.
 */
public record CommittedIndex(String plan, String index, Map<String, String> sideFiles, Map<String, Long> attributes) {

    public static CommittedIndex read(Pipeline p, String format, Map<String, String> options, ObjectInfo object) {
        Format f = Formats.get(format);
        Map<String, String> opts = Params.parse(f.options(), options, "format " + format).asMap();
        IndexMarker marker = p.metadata().marker(format, opts, object)
                .orElseThrow(() -> new AssertionError(object.location() + ": no committed index"));
        ObjectLocation dir = MetadataLayout.planDir(p.metadata().layout().objectDir(format, opts, object), marker.plan());
        Map<String, String> side = new TreeMap<>();
        for (String name : marker.files()) {
            side.put(name, text(p, MetadataLayout.sideFile(dir, name)));
        }
        return new CommittedIndex(marker.plan(), index(p.store(), dir, marker), side, marker.attributes());
    }

    /**
     * The index {@code marker} commits, as JSON text whether it sits inside the marker or in the plan folder's
     * index.json (which depends on its size, not on what it says).
     */
    public static String index(ObjectStore store, ObjectLocation planDir, IndexMarker marker) {
        if (marker.index() != null) {
            return Json.string(marker.index());
        }
        ObjectLocation file = MetadataLayout.index(planDir);
        return Json.string(StrictJson.parse(store.readIfExists(file).orElseThrow(() -> new AssertionError(file + " is missing")),
                file.toUri()));
    }

    /** Every index committed under a metadata root, as JSON text, in key order of the markers. */
    public static List<String> under(ObjectStore store, ObjectLocation root) {
        List<ObjectLocation> markers;
        try (Stream<ObjectInfo> all = store.list(root)) {
            markers = all.map(ObjectInfo::location).filter(l -> l.key().endsWith("/" + MetadataLayout.MARKER)).sorted(
                    Comparator.comparing(ObjectLocation::key)).toList();
        }
        List<String> out = new ArrayList<>();
        for (ObjectLocation m : markers) {
            IndexMarker marker = StrictJson.read(store.readIfExists(m).orElseThrow(), IndexMarker.class, m.toUri());
            String key = m.key();
            ObjectLocation objectDir = new ObjectLocation(m.scheme(), m.bucket(), key.substring(0, key.lastIndexOf('/') + 1));
            out.add(index(store, MetadataLayout.planDir(objectDir, marker.plan()), marker));
        }
        return out;
    }

    /** Asserts that this holds the same index, side files and attributes as {@code clean} (the plan aside). */
    public void assertSameContentAs(CommittedIndex clean, String what) {
        assertThat(index).as("%s: index", what).isEqualTo(clean.index);
        assertThat(sideFiles).as("%s: side files", what).isEqualTo(clean.sideFiles);
        assertThat(attributes).as("%s: attributes", what).isEqualTo(clean.attributes);
    }

    private static String text(Pipeline p, ObjectLocation at) {
        // ISO-8859-1 maps every byte to one char: exact comparison, readable diffs for text files
        return new String(p.store().readIfExists(at).orElseThrow(() -> new AssertionError(at + " is missing")),
                StandardCharsets.ISO_8859_1);
    }
}
