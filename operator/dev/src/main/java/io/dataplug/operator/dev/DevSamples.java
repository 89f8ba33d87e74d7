package io.dataplug.operator.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStores;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Partitioning;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** {@code samples/} made to run against the embedded servers: its resources, its data in S3, endpoints and keys. */
final class DevSamples {

    private DevSamples() {
    }

    /** The kustomization's resources, in order (or every YAML file but workloads when there is none). */
    static List<HasMetadata> load(Path dir) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<Path> files = new ArrayList<>();
        Path kustomization = dir.resolve("kustomization.yaml");
        if (Files.isRegularFile(kustomization)) {
            for (JsonNode r : yaml.readTree(kustomization.toFile()).path("resources")) {
                files.add(dir.resolve(r.asText()));
            }
        } else {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().contains("workload")).sorted().forEach(files::add);
            }
        }
        KubernetesSerialization ser = new KubernetesSerialization();
        ser.registerKubernetesResource(CloudDataset.class);
        ser.registerKubernetesResource(Partitioning.class);
        List<HasMetadata> docs = new ArrayList<>();
        for (Path f : files) {
            for (String part : Files.readString(f).split("(?m)^---\\s*$")) {
                if (part.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"))) {
                    continue;
                }
                KubernetesResource r = ser.unmarshal(part);
                if (r instanceof HasMetadata h) {
                    docs.add(h);
                }
            }
        }
        // Namespaces first, then Secrets, then the rest in file order.
        List<HasMetadata> ordered = new ArrayList<>();
        docs.stream().filter(d -> "Namespace".equals(d.getKind())).forEach(ordered::add);
        docs.stream().filter(d -> "Secret".equals(d.getKind())).forEach(ordered::add);
        docs.stream().filter(d -> !"Namespace".equals(d.getKind()) && !"Secret".equals(d.getKind())).forEach(ordered::add);
        return ordered;
    }

    /** Creates every bucket the resources name and uploads {@code samples/data} into each new source bucket. */
    static int seed(List<HasMetadata> docs, Path samples, DevS3 s3) throws IOException {
        Set<String> sourceBuckets = new LinkedHashSet<>();
        Set<String> buckets = new LinkedHashSet<>();
        for (HasMetadata d : docs) {
            if (d instanceof CloudDataset ds && ds.getSpec() != null) {
                if (ds.getSpec().source != null && ds.getSpec().source.uri != null) {
                    String b = ObjectLocation.parse(ds.getSpec().source.uri).bucket();
                    sourceBuckets.add(b);
                    buckets.add(b);
                }
                if (ds.getSpec().metadata != null && ds.getSpec().metadata.uri != null) {
                    buckets.add(ObjectLocation.parse(ds.getSpec().metadata.uri).bucket());
                }
            }
        }
        sourceBuckets.removeIf(s3::hasBucket);
        buckets.forEach(s3::createBucket);
        Path data = samples.resolve("data");
        if (!Files.isDirectory(data)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        try (ObjectStores store = new ObjectStores(storage(s3))) {
            for (String b : sourceBuckets) {
                for (Path f : files) {
                    store.put(ObjectLocation.s3(b, data.relativize(f).toString().replace('\\', '/')), Files.readAllBytes(f));
                }
            }
        }
        return files.size() * sourceBuckets.size();
    }

    static StorageOptions storage(DevS3 s3) {
        return new StorageOptions(s3.endpoint(), "us-east-1", true, false, false);
    }

    /** Points datasets at the embedded S3 server and fills credential Secrets with its keys. */
    static HasMetadata rewrite(HasMetadata d, DevS3 s3) {
        if (d instanceof CloudDataset ds && ds.getSpec() != null) {
            if (ds.getSpec().source != null) {
                ds.getSpec().source.endpoint = s3.endpoint();
                ds.getSpec().source.pathStyle = true;
                ds.getSpec().source.anonymous = null;
                ds.getSpec().source.requesterPays = null;
            }
            if (ds.getSpec().metadata != null) {
                ds.getSpec().metadata.endpoint = s3.endpoint();
                ds.getSpec().metadata.pathStyle = true;
            }
        } else if (d instanceof Secret secret) {
            Set<String> names = new LinkedHashSet<>();
            if (secret.getStringData() != null) {
                names.addAll(secret.getStringData().keySet());
            }
            if (secret.getData() != null) {
                names.addAll(secret.getData().keySet());
            }
            if (names.contains("AWS_ACCESS_KEY_ID") || names.contains("AWS_SECRET_ACCESS_KEY")) {
                Map<String, String> keys = new LinkedHashMap<>();
                keys.put("AWS_ACCESS_KEY_ID", DevCluster.ACCESS_KEY);
                keys.put("AWS_SECRET_ACCESS_KEY", DevCluster.SECRET_KEY);
                secret.setData(null);
                secret.setStringData(keys);
            }
        }
        return d;
    }
}
