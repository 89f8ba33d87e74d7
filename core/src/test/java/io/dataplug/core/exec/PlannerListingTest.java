package io.dataplug.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.Params;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.StorageException;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.ForwardingStore;
import io.dataplug.core.testing.Pipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner of a dataset of many objects lists the metadata's object folders once and looks markers up only in
 * the folders there are; a root with far more folders, or a store that refuses the listing, gets a lookup per
 * object. Either way the plan is exact: the indexed objects are done, the others planned.
 */
class PlannerListingTest {

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    @TempDir
    Path dir;

    /** Counts marker reads and folder listings; {@code refuse} makes every listing fail as a store without the right would. */
    static final class Counting extends ForwardingStore {
        final AtomicInteger markerReads = new AtomicInteger();
        final AtomicInteger listings = new AtomicInteger();
        final boolean refuse;

        Counting(ObjectStore delegate, boolean refuse) {
            super(delegate);
            this.refuse = refuse;
        }

        @Override
        public Optional<byte[]> readIfExists(ObjectLocation location) {
            if (location.key().endsWith("/" + MetadataLayout.MARKER)) {
                markerReads.incrementAndGet();
            }
            return super.readIfExists(location);
        }

        @Override
        public Stream<String> listFolders(ObjectLocation folder) {
            listings.incrementAndGet();
            if (refuse) {
                throw new StorageException(folder.toUri(), "access denied (a test refusing listings)");
            }
            return super.listFolders(folder);
        }
    }

    private record Dataset(List<ObjectInfo> all, List<String> indexed) {
    }

    /** {@code n} text objects, every third one preprocessed. */
    private static Dataset dataset(Pipeline p, int n) {
        List<ObjectInfo> all = new ArrayList<>();
        List<String> indexed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectLocation loc = p.put(String.format("part-%03d.txt", i), ("line " + i + "\nmore\n").getBytes(StandardCharsets.US_ASCII));
            if (i % 3 == 0) {
                p.preprocess("text", Map.of(), loc);
                indexed.add(loc.toUri());
            }
            all.add(p.store().head(loc));
        }
        return new Dataset(all, indexed);
    }

    /** Plans {@code d} through a counting store; checks the plan is exact; returns the store's counts. */
    private static Counting plan(Pipeline p, Dataset d, boolean refuseListings) {
        List<Counting> made = new ArrayList<>();
        try (Pipeline counted = p.withStores(s -> {
            Counting c = new Counting(s, refuseListings);
            made.add(c);
            return c;
        })) {
            Format<?, ?, ?> text = Formats.get("text");
            PreprocessPlan plan = Planner.plan(text, Params.parse(text.options(), Map.of(), "test"), d.all(), counted.storage(),
                    counted.metadata(), Planner.DEFAULT_CHUNK_SIZE);
            assertThat(plan.alreadyIndexed()).containsExactlyElementsOf(d.indexed());
            assertThat(plan.tasks().stream().map(t -> t.source().location().toUri()))
                    .containsExactlyElementsOf(d.all().stream().map(o -> o.location().toUri())
                            .filter(u -> !d.indexed().contains(u)).toList());
        }
        assertThat(made).hasSize(1);
        return made.get(0);
    }

    @Test
    void manyObjectsAreLookedUpOnlyWhereTheirFolderIsListed() {
        try (Pipeline p = Pipeline.s3(S3.server(), "listed/")) {
            Dataset d = dataset(p, 40);
            Counting c = plan(p, d, false);
            assertThat(c.listings).as("listings").hasValue(1);
            assertThat(c.markerReads).as("marker reads: the indexed objects' only").hasValue(d.indexed().size());

            // Everything preprocessed then: a second run finds every object done.
            p.preprocess("text", Map.of(), d.all().stream().map(ObjectInfo::location).toArray(ObjectLocation[]::new));
            Dataset done = new Dataset(d.all(), d.all().stream().map(o -> o.location().toUri()).toList());
            assertThat(plan(p, done, false).markerReads).hasValue(d.all().size());
        }
    }

    /**
     * Another run commits an object right after this plan's listing: this run plans it, and its task, finding the
     * marker there when it commits, keeps the first one and writes nothing else. Every object ends up indexed once.
     */
    @Test
    void aMarkerCommittedAfterTheListingIsKept() {
        try (Pipeline p = Pipeline.s3(S3.server(), "raced/")) {
            List<ObjectInfo> all = new ArrayList<>();
            for (int i = 0; i < Planner.LIST_FROM + 4; i++) {
                all.add(p.store().head(p.put(String.format("part-%03d.txt", i),
                        ("line " + i + "\nmore\n").getBytes(StandardCharsets.US_ASCII))));
            }
            ObjectInfo raced = all.get(5);
            Format<?, ?, ?> text = Formats.get("text");
            Params options = Params.parse(text.options(), Map.of(), "test");
            ObjectLocation marker = MetadataLayout.marker(p.metadata().layout().objectDir("text", options.asMap(), raced));
            try (Pipeline other = Pipeline.s3(S3.server(), "raced/");
                 Pipeline racing = p.withStores(s -> new ForwardingStore(s) {
                     @Override
                     public Stream<String> listFolders(ObjectLocation folder) {
                         List<String> listed = super.listFolders(folder).toList();
                         other.preprocess("text", Map.of(), raced.location()); // commits just after the listing
                         return listed.stream();
                     }
                 })) {
                PreprocessPlan plan = Planner.plan(text, options, all, racing.storage(), racing.metadata(),
                        Planner.DEFAULT_CHUNK_SIZE);
                assertThat(plan.alreadyIndexed()).as("nothing was indexed when the folders were listed").isEmpty();
                byte[] first = p.store().readIfExists(marker).orElseThrow();
                AtomicInteger writesToRaced = new AtomicInteger();
                try (Pipeline running = p.withStores(s -> new ForwardingStore(s) {
                    @Override
                    public boolean putIfAbsent(ObjectLocation location, byte[] data) {
                        boolean written = super.putIfAbsent(location, data);
                        if (written && location.equals(marker)) {
                            writesToRaced.incrementAndGet();
                        }
                        return written;
                    }
                })) {
                    new LocalExecutionBackend(running.taskRunner(MarkerLookup.BEFORE_SIDE_WRITES), 2).runAll(plan.tasks(),
                            b -> { });
                }
                assertThat(writesToRaced).as("markers written over the other run's").hasValue(0);
                assertThat(p.store().readIfExists(marker).orElseThrow()).as("the other run's marker").isEqualTo(first);
            }
            for (ObjectInfo o : all) {
                assertThat(p.metadata().marker("text", options.asMap(), o)).as(o.location().toUri()).isPresent();
            }
            List<byte[]> slices = p.evaluateAll("text", Map.of(), all, "chunks", Map.of("count", "3"));
            assertThat(String.join("", slices.stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList()))
                    .isEqualTo(String.join("", java.util.stream.IntStream.range(0, all.size())
                            .mapToObj(i -> "line " + i + "\nmore\n").toList()));
        }
    }

    @Test
    void fewObjectsAreLookedUpWithoutAListing() {
        try (Pipeline p = Pipeline.s3(S3.server(), "few/")) {
            Dataset d = dataset(p, Planner.LIST_FROM - 1);
            Counting c = plan(p, d, false);
            assertThat(c.listings).hasValue(0);
            assertThat(c.markerReads).hasValue(d.all().size());
        }
    }

    /** Other datasets' folders beyond the limit: the listing stops there and every marker is looked up. */
    @Test
    void aRootWithFarMoreFoldersIsNotListedToTheEnd() throws Exception {
        try (Pipeline p = Pipeline.local(dir)) {
            Dataset d = dataset(p, Planner.LIST_FROM);
            Path objects = p.metadata().layout().objectsDir().path();
            for (int i = 0; i < Planner.LIST_FROM * 4 + Planner.LIST_SLACK; i++) {
                Files.createDirectories(objects.resolve(String.format("other-%05d", i)));
            }
            Counting c = plan(p, d, false);
            assertThat(c.listings).hasValue(1);
            assertThat(c.markerReads).hasValue(d.all().size());
        }
    }

    @Test
    void aRefusedListingFallsBackToALookupPerObject() {
        try (Pipeline p = Pipeline.s3(S3.server(), "refused/")) {
            Dataset d = dataset(p, Planner.LIST_FROM + 4);
            Counting c = plan(p, d, true);
            assertThat(c.listings).hasValue(1);
            assertThat(c.markerReads).hasValue(d.all().size());
        }
    }
}
