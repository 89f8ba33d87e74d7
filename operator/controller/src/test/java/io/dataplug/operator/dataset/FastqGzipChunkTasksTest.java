package io.dataplug.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.testing.MountedManifest;
import io.dataplug.operator.testing.ReconcileTestSupport;
import io.dataplug.operator.testing.TestResources;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fastq-gzip dataset over ONE single-member gzip object is preprocessed by the operator's ordinary chunk-task
 * Jobs: several map pods over compressed byte ranges of the object, then the finalize. The index equals the one a
 * single-range run commits, and the slices, evaluated as pods would, are the reads java.util.zip decompresses.
 */
class FastqGzipChunkTasksTest extends ReconcileTestSupport {

    @TempDir
    Path tmp;

    private CloudDataset fastqGzip(String name, String metadataUri, String chunkSize) {
        CloudDataset ds = TestResources.dataset(ns, name, "fastq-gzip", "s3://raw/" + prefix + "reads.fq.gz", s3Endpoint(),
                metadataUri, SECRET);
        ds.getSpec().formatOptions = Map.of("checkpoint-span", "64KiB", "decode", "ranges");
        ds.getSpec().preprocessing.chunkSize = new Quantity(chunkSize);
        ds.getSpec().preprocessing.bytesPerWorker = new Quantity(chunkSize); // one compressed range per map pod
        return ds;
    }

    @Test
    void mapPodsIndexCompressedRangesOfOneObject() throws IOException {
        byte[] fastq = reads(new Random(14), 1_200_000);
        byte[] gz = gzip(fastq);
        put("reads.fq.gz", gz);

        String meta = "s3://meta/" + prefix + "ranges/";
        create(fastqGzip("ranges", meta, "64Ki"));
        for (int i = 0; i < 3 && !planned(getDataset("ranges")); i++) {
            reconcileDataset("ranges");
        }
        Job map = job(getDataset("ranges").getStatus().plan.mapJob);
        assertThat(map.getSpec().getCompletions()).as("map pods over one %d-byte object", gz.length)
                .isEqualTo((int) ((gz.length + (64 << 10) - 1) / (64 << 10))).isGreaterThanOrEqualTo(4);
        CloudDataset ready = reconcileUntilReady("ranges");
        // the map results say their ranges were decoded (not all left to a sequential finalize)
        long decoded = files(meta, "").stream().filter(o -> o.location().key().contains("/chunk"))
                .filter(o -> text(o).contains("\"DECODED\"")).count();
        assertThat(decoded).as("map results of ranges decoded from a block start").isGreaterThanOrEqualTo(3);

        String whole = "s3://meta/" + prefix + "whole/";
        CloudDataset sequential = fastqGzip("whole", whole, "64Mi");
        sequential.getSpec().formatOptions = Map.of("checkpoint-span", "64KiB"); // the default: decode=sequential
        CloudDataset reference = readyDataset(sequential);
        assertThat(index(meta)).isEqualTo(index(whole));
        assertThat(ready.getStatus().attributes).isEqualTo(reference.getStatus().attributes)
                .containsEntry("bytes", (long) gz.length);

        create(TestResources.partitioning(ns, "ranges-pt", "ranges", "reads-batches", Map.of("count", "7")));
        reconcilePartitioning("ranges-pt");
        Partitioning p = getPartitioning("ranges-pt");
        assertThat(p.getStatus().slices).isEqualTo(7);
        Path dir = MountedManifest.mount(client, ns, p.getStatus().manifest.configMaps, tmp);
        assertThat(MountedManifest.evaluateAll(dir.toString(), 7, Map.of(), s3.endpoint(), tmp)).isEqualTo(gunzip(gz))
                .isEqualTo(fastq);
    }

    private static boolean planned(CloudDataset ds) {
        return ds.getStatus() != null && ds.getStatus().plan != null && ds.getStatus().plan.mapJob != null;
    }

    private List<ObjectInfo> files(String root, String suffix) {
        return store().list(ObjectLocation.parse(root)).filter(o -> o.location().key().endsWith(suffix)).toList();
    }

    private String text(ObjectInfo o) {
        return new String(store().read(o.location(), 0, (int) o.size(), null), StandardCharsets.UTF_8);
    }

    /** The one committed index under the metadata root, and the windows file beside it. */
    private List<String> index(String root) {
        List<String> index = CommittedIndex.under(store(), ObjectLocation.parse(root));
        assertThat(index).as("index under %s", root).hasSize(1);
        List<ObjectInfo> windows = files(root, "/windows.bin");
        assertThat(windows).as("windows under %s", root).hasSize(1);
        return List.of(index.get(0), text(windows.get(0)));
    }

    /** Reads with random bases and qualities (a quality line may start with '@'), about {@code bytes} long. */
    private static byte[] reads(Random rnd, int bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < bytes; i++) {
            int n = 50 + rnd.nextInt(100);
            StringBuilder seq = new StringBuilder(n);
            StringBuilder qual = new StringBuilder(n);
            for (int j = 0; j < n; j++) {
                seq.append("ACGT".charAt(rnd.nextInt(4)));
                qual.append((char) ('!' + rnd.nextInt(40)));
            }
            sb.append("@run7.").append(i).append(" len=").append(n).append('\n').append(seq).append("\n+\n").append(qual)
                    .append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
