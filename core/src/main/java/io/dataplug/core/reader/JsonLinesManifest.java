package io.dataplug.core.reader;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectNotFoundException;
import io.dataplug.core.storage.ObjectStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A manifest as JSON Lines (slice {@code i} on the {@code i+1}-th non-blank line): a file, an object (read pinned
 * to the ETag it had when the read began, so a manifest replaced meanwhile is never mixed), or a stream read
 * once (stdin). Lines are read one at a time; only the slice asked for is kept.
 */
final class JsonLinesManifest implements ManifestSource {

    private interface Opener {
        InputStream open() throws IOException;
    }

    private final String name;
    private final boolean local;
    private final Opener opener;
    private final boolean once;
    private boolean opened;

    private JsonLinesManifest(String name, boolean local, Opener opener, boolean once) {
        this.name = name;
        this.local = local;
        this.opener = opener;
        this.once = once;
    }

    static JsonLinesManifest object(ObjectStore store, ObjectLocation location) {
        return new JsonLinesManifest(location.toUri(), location.isLocal(), () -> {
            ObjectInfo info;
            try {
                info = store.head(location);
            } catch (ObjectNotFoundException e) {
                throw new InvalidRequestException(location.toUri() + ": no such manifest");
            }
            return store.open(location, 0, info.size(), info.etag());
        }, false);
    }

    /** A stream that can be read once (stdin): counts as a local manifest, handed over by the user like a file. */
    static JsonLinesManifest stream(InputStream in, String name) {
        return new JsonLinesManifest(name, true, () -> in, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean local() {
        return local;
    }

    @Override
    public int count() {
        try (Stream<ManifestEntry> entries = entries()) {
            return Math.toIntExact(entries.count());
        }
    }

    @Override
    public ManifestEntry entry(int index) {
        int n = 0;
        try (Stream<ManifestEntry> entries = entries()) {
            for (Iterator<ManifestEntry> it = entries.iterator(); it.hasNext(); n++) {
                ManifestEntry e = it.next();
                if (e.index() == index) {
                    return e;
                }
            }
        }
        throw new InvalidRequestException("slice index " + index + " out of range: " + name + " holds " + n + " slices");
    }

    @Override
    public synchronized Stream<ManifestEntry> entries() {
        if (once && opened) {
            throw new IllegalStateException(name + " is a stream and was read already: a manifest on stdin is read once");
        }
        opened = true;
        BufferedReader reader;
        try {
            reader = new BufferedReader(new InputStreamReader(opener.open(), StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
        Iterator<ManifestEntry> lines = new Iterator<>() {
            private int line;
            private int index;
            private ManifestEntry next;

            @Override
            public boolean hasNext() {
                try {
                    String text;
                    while (next == null && (text = reader.readLine()) != null) {
                        line++;
                        if (!text.isBlank()) {
                            next = new ManifestEntry(index++, text, name + " line " + line);
                        }
                    }
                    return next != null;
                } catch (IOException e) {
                    throw new UncheckedIOException(name + " line " + (line + 1) + ": " + e.getMessage(), e);
                }
            }

            @Override
            public ManifestEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ManifestEntry e = next;
                next = null;
                return e;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(lines, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(() -> {
                    try {
                        reader.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
