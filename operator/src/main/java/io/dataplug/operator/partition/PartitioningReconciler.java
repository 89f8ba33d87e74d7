package io.dataplug.operator.partition;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Partitioner;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SliceRoots;
import io.dataplug.core.slice.StoreRoot;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectNotFoundException;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.StorageException;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.dataset.DatasetProblem;
import io.dataplug.operator.dataset.Inventory;
import io.dataplug.operator.dataset.Reasons;
import io.dataplug.operator.dataset.ResolvedDataset;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.ManifestStatus;
import io.dataplug.operator.model.OutputSpec;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.PartitioningStatus;
import io.dataplug.operator.support.StatusPatches;
import io.dataplug.operator.support.Conditions;
import io.dataplug.operator.support.EventRecorder;
import io.dataplug.operator.support.Labels;
import io.dataplug.operator.support.StorageAccess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the slices of a Ready dataset. Slices are computed here, from the dataset's inventory and indexes
 * (metadata-sized reads only), and published as ConfigMaps or as one JSON Lines object in the metadata store.
 * Recomputed when the spec changes or the dataset's revision does (it was re-indexed).
 */
@ControllerConfiguration(name = PartitioningReconciler.NAME)
public final class PartitioningReconciler implements Reconciler<Partitioning>, Cleaner<Partitioning> {

    public static final String NAME = "partitioning";
    static final String BY_DATASET = "by-dataset";
    private static final Logger LOG = LoggerFactory.getLogger(PartitioningReconciler.class);

    private final OperatorConfig config;
    private final StorageAccess access;

    public PartitioningReconciler(OperatorConfig config, StorageAccess access) {
        this.config = config;
        this.access = access;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static String datasetName(Partitioning p) {
        return p.getSpec() != null && p.getSpec().datasetRef != null ? p.getSpec().datasetRef.name : null;
    }

    @Override
    public List<EventSource<?, Partitioning>> prepareEventSources(EventSourceContext<Partitioning> context) {
        context.getPrimaryCache().addIndexer(BY_DATASET, p -> datasetName(p) == null ? List.of()
                : List.of(key(p.getMetadata().getNamespace(), datasetName(p))));
        var datasets = InformerEventSourceConfiguration.from(CloudDataset.class, Partitioning.class)
                .withSecondaryToPrimaryMapper((CloudDataset ds) -> context.getPrimaryCache()
                        .byIndex(BY_DATASET, key(ds.getMetadata().getNamespace(), ds.getMetadata().getName())).stream()
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((Partitioning p) -> datasetName(p) == null ? Set.of()
                        : Set.of(new ResourceID(datasetName(p), p.getMetadata().getNamespace())))
                .build();
        var configMaps = InformerEventSourceConfiguration.from(ConfigMap.class, Partitioning.class)
                .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.MANAGER + "," + Labels.PARTITIONING)
                .build();
        return List.of(new InformerEventSource<>(datasets, context), new InformerEventSource<>(configMaps, context));
    }

    @Override
    public UpdateControl<Partitioning> reconcile(Partitioning p, Context<Partitioning> context) {
        Run run = new Run(p, context);
        try {
            return run.drive();
        } catch (DatasetProblem e) {
            return run.problem(e);
        }
    }

    @Override
    public ErrorStatusUpdateControl<Partitioning> updateErrorStatus(Partitioning p, Context<Partitioning> context, Exception e) {
        LOG.warn("reconciling Partitioning {}/{} failed", p.getMetadata().getNamespace(), p.getMetadata().getName(), e);
        if (p.getStatus() == null) {
            p.setStatus(new PartitioningStatus());
        }
        String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (Conditions.set(p.getStatus(), Conditions.READY, false, Reasons.RECONCILE_ERROR, msg, p.getMetadata().getGeneration())) {
            new EventRecorder(context.getClient()).warning(p, Reasons.RECONCILE_ERROR, msg);
        }
        return ErrorStatusUpdateControl.patchStatus(p);
    }

    @Override
    public DeleteControl cleanup(Partitioning p, Context<Partitioning> context) {
        KubernetesClient client = context.getClient();
        String ns = p.getMetadata().getNamespace();
        // Owned by the Partitioning, so GC would do it on a real cluster; do it explicitly anyway.
        client.configMaps().inNamespace(ns).withLabel(Labels.PARTITIONING, Labels.labelValue(p.getMetadata().getName()))
                .list().getItems().stream().filter(cm -> ownedBy(cm, p))
                .forEach(cm -> client.configMaps().inNamespace(ns).withName(cm.getMetadata().getName()).delete());
        ManifestStatus m = p.getStatus() != null ? p.getStatus().manifest : null;
        if (m != null && m.uri != null) {
            try {
                CloudDataset ds = client.resources(CloudDataset.class).inNamespace(ns).withName(datasetName(p)).get();
                if (ds != null) {
                    ResolvedDataset r = ResolvedDataset.resolve(ds, config, access);
                    access.store(r.metadataStorage(), r.metadataCredentials()).delete(ObjectLocation.parse(m.uri));
                }
            } catch (RuntimeException e) {
                LOG.info("Partitioning {}/{}: manifest {} not removed: {}", ns, p.getMetadata().getName(), m.uri, e.getMessage());
            }
        }
        return DeleteControl.defaultDelete();
    }

    private static boolean ownedBy(ConfigMap cm, Partitioning p) {
        return cm.getMetadata().getOwnerReferences() != null && cm.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> Objects.equals(o.getUid(), p.getMetadata().getUid()));
    }

    private final class Run {
        private final Partitioning p;
        private final PartitioningStatus st;
        private final Context<Partitioning> context;
        /** The resource as read, before this reconciliation changed its status: the base of the status patch. */
        private final Partitioning base;
        private final KubernetesClient client;
        private final EventRecorder events;
        private final Long generation;
        private final String ns;

        Run(Partitioning p, Context<Partitioning> context) {
            this.p = p;
            this.base = context.getControllerConfiguration().getConfigurationService().getResourceCloner().clone(p);
            if (p.getStatus() == null) {
                p.setStatus(new PartitioningStatus());
            }
            this.st = p.getStatus();
            this.context = context;
            this.client = context.getClient();
            this.events = new EventRecorder(client);
            this.generation = p.getMetadata().getGeneration();
            this.ns = p.getMetadata().getNamespace();
        }

        /** Writes the status with optimistic locking and caches it for the next reconciliation. */
        UpdateControl<Partitioning> save() {
            return StatusPatches.patchIfChanged(base, st, context);
        }

        UpdateControl<Partitioning> drive() {
            String dsName = datasetName(p);
            if (dsName == null || p.getSpec().strategy == null || p.getSpec().strategy.isBlank()) {
                throw new DatasetProblem(Reasons.INVALID_SPEC, "spec.datasetRef.name and spec.strategy are required", false);
            }
            CloudDataset ds = client.resources(CloudDataset.class).inNamespace(ns).withName(dsName).get();
            boolean published = st.manifest != null && Conditions.isTrue(st, Conditions.READY);
            if (ds == null || ds.getStatus() == null || !Conditions.isTrue(ds.getStatus(), Conditions.READY)
                    || ds.getStatus().inventory == null) {
                if (published && ds != null && Objects.equals(generation, st.observedGeneration)) {
                    // Re-indexing (or a passing problem): the published slices stay valid for the revision they name.
                    return UpdateControl.noUpdate();
                }
                throw new DatasetProblem(Reasons.DATASET_NOT_READY, datasetState(dsName, ds), false);
            }
            String revision = ds.getStatus().revision;
            OutputSpec.Type type = p.getSpec().output == null ? OutputSpec.Type.ConfigMap : p.getSpec().output.type();
            if (published && Objects.equals(revision, st.datasetRevision) && Objects.equals(generation, st.observedGeneration)
                    && manifestPresent(type)) {
                return UpdateControl.noUpdate();
            }
            ResolvedDataset r;
            try {
                r = ResolvedDataset.resolve(ds, config, access);
            } catch (DatasetProblem e) {
                throw new DatasetProblem(Reasons.DATASET_NOT_READY, "CloudDataset " + dsName + ": " + e.reason() + ": " + e.getMessage(),
                        e.retry());
            }
            ObjectStore metaStore = access.store(r.metadataStorage(), r.metadataCredentials());
            MetadataStore metadata = new MetadataStore(metaStore, r.metadataRoot());
            List<Slice> slices;
            Inventory inv;
            try {
                ObjectLocation invLoc = ObjectLocation.parse(ds.getStatus().inventory);
                inv = Inventory.fromJson(metaStore.readIfExists(invLoc).orElseThrow(() -> new DatasetProblem(Reasons.INDEX_MISSING,
                        "inventory " + invLoc + " of CloudDataset " + dsName + " is missing from the metadata store", true)), invLoc.toUri());
                List<IndexedObject<?>> indexes = Partitioner.loadIndexes(r.format(), r.options(), inv.objectInfos(), inv.sourceStorage(), metadata);
                SliceRoots roots = new SliceRoots(StoreRoot.of(r.source(), r.prefix(), inv.sourceStorage()),
                        StoreRoot.of(r.metadataRoot(), true, r.metadataStorage()));
                slices = Partitioner.partition(ns + "/" + dsName, r.format(), r.options(), indexes, p.getSpec().strategy,
                        p.getSpec().params == null ? Map.of() : p.getSpec().params, metadata, roots, config.sliceLimit());
            } catch (Partitioner.MissingIndexException e) {
                throw new DatasetProblem(Reasons.INDEX_MISSING, e.getMessage(), true);
            } catch (InvalidRequestException e) {
                boolean strategy = e.getMessage() != null && e.getMessage().startsWith("unknown strategy");
                throw new DatasetProblem(strategy ? Reasons.UNKNOWN_STRATEGY : Reasons.INVALID_SPEC, e.getMessage(), false);
            } catch (StorageException e) {
                throw new DatasetProblem(Reasons.STORAGE_ERROR, "reading the indexes: " + e.getMessage(), true);
            }

            ManifestStatus manifest = new ManifestStatus();
            manifest.type = type.name();
            if (type == OutputSpec.Type.ConfigMap) {
                Map<String, Object> header = new LinkedHashMap<>();
                header.put("partitioning", p.getMetadata().getName());
                header.put("namespace", ns);
                header.put("dataset", dsName);
                header.put("datasetRevision", revision);
                header.put("format", r.format().name());
                header.put("strategy", p.getSpec().strategy);
                header.put("params", p.getSpec().params == null ? Map.of() : p.getSpec().params);
                List<ConfigMapManifest.Shard> shards;
                try {
                    shards = ConfigMapManifest.pack(p.getMetadata().getName(), slices, header, config.configMapShardBytes(),
                            config.maxConfigMaps());
                } catch (ConfigMapManifest.TooLarge e) {
                    throw new DatasetProblem(Reasons.MANIFEST_TOO_LARGE, e.getMessage(), false);
                }
                for (ConfigMapManifest.Shard s : shards) {
                    applyConfigMap(s);
                }
                Set<String> keep = shards.stream().map(ConfigMapManifest.Shard::name).collect(Collectors.toSet());
                deleteConfigMapsExcept(keep);
                deleteBucketManifest(metaStore, null);
                manifest.configMaps = shards.stream().map(ConfigMapManifest.Shard::name).toList();
                manifest.location = "configmap/" + shards.get(0).name() + (shards.size() > 1 ? " (+" + (shards.size() - 1) + " more)" : "");
            } else {
                ObjectLocation loc = p.getSpec().output.uri != null ? ObjectLocation.parse(p.getSpec().output.uri)
                        : r.metadataRoot().resolve(MetadataLayout.VERSION_DIR + "/manifests/" + ns + "/" + p.getMetadata().getName() + ".jsonl");
                try {
                    metaStore.putStreamed(loc, out -> Manifest.write(slices, out));
                } catch (ObjectNotFoundException e) {
                    throw new DatasetProblem(Reasons.METADATA_NOT_FOUND, "writing the manifest: " + e.getMessage(), true);
                } catch (StorageException e) {
                    throw new DatasetProblem(Reasons.STORAGE_ERROR, "writing the manifest: " + e.getMessage(), true);
                }
                deleteConfigMapsExcept(Set.of());
                deleteBucketManifest(metaStore, loc.toUri());
                manifest.uri = loc.toUri();
                manifest.location = loc.toUri();
            }
            st.manifest = manifest;
            st.slices = slices.size();
            st.bytes = slices.stream().mapToLong(Slice::bytes).sum();
            st.datasetRevision = revision;
            st.attributes = ds.getStatus().attributes;
            st.phase = Reasons.PHASE_READY;
            st.observedGeneration = generation;
            String msg = slices.size() + " slice(s) of CloudDataset " + dsName + " (" + p.getSpec().strategy + ") published to "
                    + (manifest.uri != null ? manifest.uri : "ConfigMap(s) " + String.join(", ", manifest.configMaps));
            if (Conditions.set(st, Conditions.READY, true, Reasons.PUBLISHED, msg, generation)) {
                events.normal(p, Reasons.PUBLISHED, msg);
            }
            return save();
        }

        private String datasetState(String dsName, CloudDataset ds) {
            if (ds == null) {
                return "CloudDataset " + dsName + " not found in namespace " + ns;
            }
            var ready = ds.getStatus() == null ? null : Conditions.get(ds.getStatus(), Conditions.READY).orElse(null);
            String phase = ds.getStatus() == null || ds.getStatus().phase == null ? "Pending" : ds.getStatus().phase;
            return "CloudDataset " + dsName + " is " + phase + (ready != null ? " (" + ready.getReason() + ": " + ready.getMessage() + ")" : "");
        }

        private boolean manifestPresent(OutputSpec.Type type) {
            if (type == OutputSpec.Type.Bucket) {
                return st.manifest.uri != null;
            }
            if (st.manifest.configMaps == null || st.manifest.configMaps.isEmpty()) {
                return false;
            }
            return st.manifest.configMaps.stream().allMatch(n -> client.configMaps().inNamespace(ns).withName(n).get() != null);
        }

        private void applyConfigMap(ConfigMapManifest.Shard s) {
            ConfigMap cm = new ConfigMapBuilder()
                    .withNewMetadata().withName(s.name()).withNamespace(ns)
                    .addToLabels(Labels.MANAGED_BY, Labels.MANAGER)
                    .addToLabels(Labels.PARTITIONING, Labels.labelValue(p.getMetadata().getName()))
                    .addToLabels(Labels.DATASET, Labels.labelValue(datasetName(p)))
                    .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion(p.getApiVersion()).withKind(p.getKind())
                            .withName(p.getMetadata().getName()).withUid(p.getMetadata().getUid()).withController(true)
                            .withBlockOwnerDeletion(true).build())
                    .endMetadata()
                    .withData(s.data())
                    .build();
            client.configMaps().inNamespace(ns).resource(cm).createOr(NonDeletingOperation::update);
        }

        private void deleteConfigMapsExcept(Set<String> keep) {
            client.configMaps().inNamespace(ns).withLabel(Labels.PARTITIONING, Labels.labelValue(p.getMetadata().getName()))
                    .list().getItems().stream()
                    .filter(cm -> ownedBy(cm, p) && !keep.contains(cm.getMetadata().getName()))
                    .forEach(cm -> client.configMaps().inNamespace(ns).withName(cm.getMetadata().getName()).delete());
        }

        private void deleteBucketManifest(ObjectStore store, String keepUri) {
            String old = st.manifest != null ? st.manifest.uri : null;
            if (old != null && !old.equals(keepUri)) {
                try {
                    store.delete(ObjectLocation.parse(old));
                } catch (RuntimeException e) {
                    LOG.info("Partitioning {}/{}: old manifest {} not removed: {}", ns, p.getMetadata().getName(), old, e.getMessage());
                }
            }
        }

        UpdateControl<Partitioning> problem(DatasetProblem e) {
            st.phase = Reasons.DATASET_NOT_READY.equals(e.reason()) || e.retry() ? Reasons.PHASE_PENDING : Reasons.PHASE_FAILED;
            st.observedGeneration = generation;
            if (Conditions.set(st, Conditions.READY, false, e.reason(), e.getMessage(), generation)) {
                if (Reasons.DATASET_NOT_READY.equals(e.reason())) {
                    events.normal(p, e.reason(), e.getMessage());
                } else {
                    events.warning(p, e.reason(), e.getMessage());
                }
            }
            UpdateControl<Partitioning> c = save();
            return e.retry() ? c.rescheduleAfter(config.retryInterval()) : c;
        }
    }
}
