package io.dataplug.core.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.storage.LocalObjectStore;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.testing.ForwardingStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartPrefetcherTest {

    @TempDir
    Path dir;

    /** A store whose reads take a while and that records how many run at once. */
    static final class SlowStore extends ForwardingStore {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger opens = new AtomicInteger();

        SlowStore() {
            super(new LocalObjectStore());
        }

        @Override
        public InputStream open(ObjectLocation location, long offset, long length, String expectedEtag) {
            opens.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(100);
                return delegate.open(location, offset, length, expectedEtag);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private List<SlicePart<?>> parts(SlowStore store, int n) throws Exception {
        List<SlicePart<?>> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve("obj-" + i);
            Files.writeString(f, "object " + i + " payload\n");
            ObjectInfo info = store.head(ObjectLocation.local(f));
            parts.add(new SlicePart<>(SourceObject.of(info, StorageOptions.defaults()), 7, info.size(), NoCorrections.INSTANCE));
        }
        return parts;
    }

    @Test
    void partsAreFetchedConcurrentlyAndServedExactly() throws Exception {
        SlowStore store = new SlowStore();
        List<SlicePart<?>> parts = parts(store, 8);
        StringBuilder got = new StringBuilder();
        try (PartPrefetcher p = new PartPrefetcher(parts, o -> store)) {
            p.start();
            for (SlicePart<?> part : parts) {
                try (InputStream in = p.open(part.object(), part.start(), part.end())) {
                    got.append(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
                }
            }
        }
        StringBuilder want = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            want.append(i).append(" payload\n");
        }
        assertThat(got.toString()).isEqualTo(want.toString());
        assertThat(store.maxInFlight.get()).isGreaterThanOrEqualTo(PartPrefetcher.AHEAD);
    }

    /** Line formats read the byte before a part with it: the head holds it, and a read of just that byte keeps the head. */
    @Test
    void aPartOpenedOneByteEarlyIsServedFromItsHead() throws Exception {
        SlowStore store = new SlowStore();
        List<SlicePart<?>> parts = parts(store, 3);
        try (PartPrefetcher p = new PartPrefetcher(parts, o -> store)) {
            p.start();
            for (int i = 0; i < parts.size(); i++) {
                SlicePart<?> part = parts.get(i);
                Thread.sleep(150); // the heads are in
                try (InputStream in = p.open(part.object(), part.start() - 1, part.start())) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(" ");
                }
                try (InputStream in = p.open(part.object(), part.start() - 1, part.end())) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(" " + i + " payload\n");
                }
            }
        }
        assertThat(store.opens.get()).as("one GET per part, none for the bytes before them").isEqualTo(parts.size());
    }

    @Test
    void rangesOtherThanPartsAreReadDirectly() throws Exception {
        SlowStore store = new SlowStore();
        List<SlicePart<?>> parts = parts(store, 3);
        try (PartPrefetcher p = new PartPrefetcher(parts, o -> store)) {
            p.start();
            SlicePart<?> second = parts.get(1);
            try (InputStream in = p.open(second.object(), 0, 6)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("object");
            }
            try (InputStream in = p.open(second.object(), second.start(), second.end() - 1)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("1 payload");
            }
        }
    }

    @Test
    void aChangedObjectFailsEvenWhenPrefetched() throws Exception {
        SlowStore store = new SlowStore();
        List<SlicePart<?>> parts = parts(store, 3);
        Thread.sleep(5);
        Files.writeString(dir.resolve("obj-1"), "object 1 rewritten\n");
        try (PartPrefetcher p = new PartPrefetcher(parts, o -> store)) {
            p.start();
            SlicePart<?> first = parts.get(0);
            p.open(first.object(), first.start(), first.end()).close();
            SlicePart<?> second = parts.get(1);
            assertThatThrownBy(() -> p.open(second.object(), second.start(), second.end()))
                    .isInstanceOf(ObjectChangedException.class).hasMessageContaining("obj-1");
        }
    }
}
