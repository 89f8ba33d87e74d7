package io.dataplug.operator.partition;

import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.dataset.ResolvedDataset;
import io.dataplug.operator.metrics.OperatorMetrics;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.ManifestStatus;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.PartitioningStatus;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.Labels;
import io.dataplug.operator.support.Problem;
import io.dataplug.operator.support.Session;
import io.dataplug.operator.support.SessionReconciler;
import io.dataplug.operator.support.StorageAccess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the slices of a Ready dataset. Each reconciliation reads the dataset, decides ({@link PartitioningDecision})
 * whether the published manifest is current, waits, or computes the slices ({@link SliceComputation}) and publishes
 * them ({@link ManifestPublisher}) as ConfigMaps or one JSON Lines object in the metadata store, runs the optional
 * workload over them ({@link WorkloadControl}), then records the outcome ({@link PartitioningStatusRecorder}).
 * Recomputed when the spec changes or the dataset's revision does.
 */
@ControllerConfiguration(name = PartitioningReconciler.NAME)
public final class PartitioningReconciler extends SessionReconciler<Partitioning, PartitioningStatus>
        // JOSDK reads the resource type from a directly implemented Reconciler
        implements Reconciler<Partitioning>, Cleaner<Partitioning> {

    public static final String NAME = "partitioning";
    static final String BY_DATASET = "by-dataset";
    private static final Logger LOG = LoggerFactory.getLogger(PartitioningReconciler.class);

    private final OperatorConfig config;
    private final StorageAccess access;

    public PartitioningReconciler(OperatorConfig config, StorageAccess access, OperatorMetrics metrics) {
        super(PartitioningStatus::new, metrics);
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
        var workloadJobs = InformerEventSourceConfiguration.from(Job.class, Partitioning.class)
                .withName("workload-jobs")
                .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.MANAGER + "," + Labels.COMPONENT + "=" + WorkloadJobs.COMPONENT)
                .build();
        return List.of(new InformerEventSource<>(datasets, context), new InformerEventSource<>(configMaps, context),
                new InformerEventSource<>(workloadJobs, context));
    }

    /** One reconciliation, synchronously: read the dataset, decide, publish, record the status. */
    @Override
    public UpdateControl<Partitioning> reconcile(Partitioning p, Session<Partitioning> session) {
        PartitioningStatusRecorder status = new PartitioningStatusRecorder(p, session, config);
        try {
            String dsName = datasetName(p);
            if (dsName == null || p.getSpec().strategy == null || p.getSpec().strategy.isBlank()) {
                throw new Problem(Reason.InvalidSpec, "spec.datasetRef.name and spec.strategy are required", false);
            }
            ManifestPublisher.requestedLocation(p); // a bad output URI is refused before any slice is built
            KubernetesClient client = session.client();
            CloudDataset ds = client.resources(CloudDataset.class).inNamespace(p.getMetadata().getNamespace()).withName(dsName).get();
            ManifestPublisher publisher = new ManifestPublisher(client, p);
            WorkloadControl workload = new WorkloadControl(client, config, p);
            List<String> roots = WorkloadJobs.allowedRoots(ds, config);
            return switch (PartitioningDecision.decide(p, ds, st -> publisher.present(st.manifest))) {
                case PartitioningDecision.KeepPublished k -> {
                    workload.sync(status, roots);
                    yield status.save();
                }
                case PartitioningDecision.WaitForDataset w -> status.problem(new Problem(Reason.DatasetNotReady, w.state(), false));
                case PartitioningDecision.Publish pub when workload.holdsSlices() -> {
                    // onRepartition: Keep — the running Job finishes on the slices it started with.
                    workload.sync(status, roots);
                    yield status.repartitionHeld();
                }
                case PartitioningDecision.Publish pub -> {
                    SliceComputation.Computed c = SliceComputation.compute(p, pub.dataset(), config, access);
                    ManifestStatus manifest = publisher.publish(c, pub.dataset().getStatus().revision, config, status.status().manifest);
                    status.published(c.slices(), manifest, pub.dataset());
                    metrics.slicesPublished(p.getMetadata().getNamespace(), c.slices().size());
                    workload.sync(status, roots);
                    yield status.save();
                }
            };
        } catch (Problem e) {
            return status.problem(e);
        }
    }

    /** Deletes the ConfigMaps (owned by the partitioning, so GC would on a real cluster) and the bucket manifest. */
    @Override
    public DeleteControl cleanup(Partitioning p, Session<Partitioning> session) {
        KubernetesClient client = session.client();
        String ns = p.getMetadata().getNamespace();
        ManifestPublisher publisher = new ManifestPublisher(client, p);
        publisher.deleteConfigMapsExcept(Set.of());
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
}
