package io.dataplug.operator.partition;

import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.util.Messages;
import io.dataplug.core.storage.CredentialsInUriException;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.model.ManifestStatus;
import io.dataplug.operator.model.OutputSpec;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.Labels;
import io.dataplug.operator.support.Problem;
import io.dataplug.operator.support.StorageCalls;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a partitioning's slices where its spec says (the "act" step): ConfigMaps owned by the partitioning, or
 * one JSON Lines object in the metadata store; and removes what an earlier output left behind.
 */
final class ManifestPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestPublisher.class);

    private final KubernetesClient client;
    private final Partitioning p;
    private final String ns;

    ManifestPublisher(KubernetesClient client, Partitioning p) {
        this.client = client;
        this.p = p;
        this.ns = p.getMetadata().getNamespace();
    }

    /**
     * The Bucket output's {@code spec.output.uri}, or null for the default location.
     *
     * @throws Problem InvalidSpec when it is no object URI, or carries credentials (the message never repeats the URI:
     *                 the keys would reach the status and Events)
     */
    static ObjectLocation requestedLocation(Partitioning p) {
        String uri = p.getSpec().output != null ? p.getSpec().output.uri : null;
        if (uri == null || uri.isBlank()) {
            return null;
        }
        try {
            return ObjectLocation.parse(uri);
        } catch (CredentialsInUriException e) {
            throw new Problem(Reason.InvalidSpec, "Partitioning spec.output.uri carries credentials: "
                    + "never put keys in a URI; the manifest is written with the dataset's metadata store credentials, given "
                    + "through a Kubernetes Secret (CloudDataset spec.metadata.credentialsSecret)", false);
        } catch (IllegalArgumentException e) {
            throw new Problem(Reason.InvalidSpec, "Partitioning spec.output.uri: " + Messages.safe(e.getMessage()), false);
        }
    }

    /**
     * @param previous the manifest published before (its bucket object is removed when it moves)
     */
    ManifestStatus publish(SliceComputation.Computed c, String revision, OperatorConfig config, ManifestStatus previous) {
        OutputSpec.Type type = PartitioningDecision.output(p);
        ManifestStatus manifest = new ManifestStatus();
        manifest.type = type.name();
        if (type == OutputSpec.Type.ConfigMap) {
            List<ConfigMapManifest.Shard> shards;
            try {
                shards = ConfigMapManifest.pack(p.getMetadata().getName(), c.slices(), header(c, revision), config.configMapShardBytes(),
                        config.maxConfigMaps());
            } catch (ConfigMapManifest.TooLarge e) {
                throw new Problem(Reason.ManifestTooLarge, e.getMessage(), false);
            }
            for (ConfigMapManifest.Shard shard : shards) {
                requireOwnOrAbsent(shard.name());
            }
            shards.forEach(this::applyConfigMap);
            deleteConfigMapsExcept(shards.stream().map(ConfigMapManifest.Shard::name).collect(Collectors.toSet()));
            deleteBucketManifest(c.metadataStore(), previous, null);
            manifest.configMaps = shards.stream().map(ConfigMapManifest.Shard::name).toList();
            manifest.location = "configmap/" + shards.get(0).name() + (shards.size() > 1 ? " (+" + (shards.size() - 1) + " more)" : "");
        } else {
            ObjectLocation requested = requestedLocation(p);
            ObjectLocation loc = requested != null ? requested
                    : c.dataset().metadataRoot().resolve(MetadataLayout.VERSION_DIR + "/manifests/" + ns + "/" + p.getMetadata().getName()
                    + ".jsonl");
            StorageCalls.metadata("writing the manifest", () -> c.metadataStore().putStreamed(loc, out -> Manifest.write(c.slices(), out)));
            deleteConfigMapsExcept(Set.of());
            deleteBucketManifest(c.metadataStore(), previous, loc.toUri());
            manifest.uri = loc.toUri();
            manifest.location = loc.toUri();
        }
        return manifest;
    }

    private Map<String, Object> header(SliceComputation.Computed c, String revision) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("partitioning", p.getMetadata().getName());
        header.put("namespace", ns);
        header.put("dataset", p.getSpec().datasetRef.name);
        header.put("datasetRevision", revision);
        header.put("format", c.dataset().format().name());
        header.put("strategy", p.getSpec().strategy);
        header.put("params", p.getSpec().params == null ? Map.of() : p.getSpec().params);
        return header;
    }

    /** The published ConfigMaps all exist (Bucket output: the object is named). */
    boolean present(ManifestStatus m) {
        if (PartitioningDecision.output(p) == OutputSpec.Type.Bucket) {
            return m.uri != null;
        }
        if (m.configMaps == null || m.configMaps.isEmpty()) {
            return false;
        }
        return m.configMaps.stream().allMatch(n -> {
            ConfigMap cm = client.configMaps().inNamespace(ns).withName(n).get();
            return cm != null && ownedBy(cm);
        });
    }

    /**
     * RBAC cannot confine the operator's ConfigMap writes to its own, so it checks: a ConfigMap of the same name that
     * this partitioning does not own (label and owner reference) is left alone and reported.
     */
    private void requireOwnOrAbsent(String name) {
        ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
        if (cm != null && !ownedBy(cm)) {
            throw new Problem(Reason.NameConflict, "ConfigMap " + ns + "/" + name + " exists and is not this Partitioning's "
                    + "(no " + Labels.MANAGED_BY + "=" + Labels.MANAGER + " label and owner reference to it); the operator leaves it "
                    + "alone: rename the Partitioning or remove that ConfigMap", true);
        }
    }

    private void applyConfigMap(ConfigMapManifest.Shard s) {
        ConfigMap cm = new ConfigMapBuilder()
                .withNewMetadata().withName(s.name()).withNamespace(ns)
                .addToLabels(Labels.MANAGED_BY, Labels.MANAGER)
                .addToLabels(Labels.PARTITIONING, Labels.labelValue(p.getMetadata().getName()))
                .addToLabels(Labels.DATASET, Labels.labelValue(p.getSpec().datasetRef.name))
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion(p.getApiVersion()).withKind(p.getKind())
                        .withName(p.getMetadata().getName()).withUid(p.getMetadata().getUid()).withController(true)
                        .withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withData(s.data())
                .build();
        client.configMaps().inNamespace(ns).resource(cm).createOr(NonDeletingOperation::update);
    }

    /** Deletes the partitioning's own ConfigMaps but those named. */
    void deleteConfigMapsExcept(Set<String> keep) {
        client.configMaps().inNamespace(ns).withLabel(Labels.PARTITIONING, Labels.labelValue(p.getMetadata().getName()))
                .list().getItems().stream()
                .filter(cm -> ownedBy(cm) && !keep.contains(cm.getMetadata().getName()))
                .forEach(cm -> client.configMaps().inNamespace(ns).withName(cm.getMetadata().getName()).delete());
    }

    /** Removes the previous bucket manifest unless it is {@code keepUri}; a failure only leaves an orphan object. */
    void deleteBucketManifest(ObjectStore store, ManifestStatus previous, String keepUri) {
        String old = previous != null ? previous.uri : null;
        if (old != null && !old.equals(keepUri)) {
            try {
                store.delete(ObjectLocation.parse(old));
            } catch (RuntimeException e) {
                LOG.info("Partitioning {}/{}: manifest {} not removed: {}", ns, p.getMetadata().getName(), old, e.getMessage());
            }
        }
    }

    private boolean ownedBy(ConfigMap cm) {
        return Labels.managed(cm) && cm.getMetadata().getOwnerReferences() != null && cm.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> Objects.equals(o.getUid(), p.getMetadata().getUid()));
    }
}
