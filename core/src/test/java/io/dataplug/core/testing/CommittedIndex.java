package io.dataplug.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.Params;
import io.dataplug.core.index.IndexMarker;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an object's marker commits, read back from storage: the plan it names, that plan's index.json and side
 * files, and the attributes. Two of them compare equal when a crashed-and-retried run left exactly what a
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
        return new CommittedIndex(marker.plan(), text(p, MetadataLayout.index(dir)), side, marker.attributes());
    }

    /** Asserts that this holds the same index, side files and attributes as {@code clean} (the plan aside). */
    public void assertSameContentAs(CommittedIndex clean, String what) {
        assertThat(index).as("%s: index.json", what).isEqualTo(clean.index);
        assertThat(sideFiles).as("%s: side files", what).isEqualTo(clean.sideFiles);
        assertThat(attributes).as("%s: attributes", what).isEqualTo(clean.attributes);
    }

    private static String text(Pipeline p, ObjectLocation at) {
        // ISO-8859-1 maps every byte to one char: exact comparison, readable diffs for text files
        return new String(p.store().readIfExists(at).orElseThrow(() -> new AssertionError(at + " is missing")),
                StandardCharsets.ISO_8859_1);
    }
}
