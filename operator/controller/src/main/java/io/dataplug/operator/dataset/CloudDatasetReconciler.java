package io.dataplug.operator.dataset;

import io.dataplug.core.exec.Planner;
import io.dataplug.core.exec.PreprocessPlan;
import io.dataplug.core.index.DatasetAttributes;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.slice.Partitioner;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.CloudDatasetStatus;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.Conditions;
import io.dataplug.operator.support.Labels;
import io.dataplug.operator.support.Problem;
import io.dataplug.operator.support.Session;
import io.dataplug.operator.support.SessionReconciler;
import io.dataplug.operator.support.StorageAccess;
import io.dataplug.operator.support.StorageCalls;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a CloudDataset to Ready: validate, list the source, plan what is not indexed yet, run the plan as an
 * Indexed Job (then a finalize Job when the format needs one), and publish the attributes.
 *
 * <p>Each reconciliation observes the dataset's Jobs ({@link DatasetJobs}), decides from them alone what comes next
 * ({@link DatasetDecision}), acts ({@link DatasetJobControl}, listing and planning here) and records the outcome in
 * the status ({@link DatasetStatusRecorder}). State lives in the cluster, not in this process: Jobs carry the spec
 * hash and the plan hash in labels and the plan's totals in annotations, and their names derive from those hashes.
 * A restarted operator adopts a running Job and re-plans only when nothing runs; re-planning never repeats finished
 * work (indexed objects are skipped, and workers skip finished tasks).
 */
@ControllerConfiguration(name = CloudDatasetReconciler.NAME)
public final class CloudDatasetReconciler extends SessionReconciler<CloudDataset, CloudDatasetStatus>
        // JOSDK reads the resource type from a directly implemented Reconciler
        implements Reconciler<CloudDataset>, Cleaner<CloudDataset> {

    public static final String NAME = "clouddataset";
    private static final Logger LOG = LoggerFactory.getLogger(CloudDatasetReconciler.class);

    private final OperatorConfig config;
    private final StorageAccess access;
    private final PlanSummaries summaries;

    public CloudDatasetReconciler(OperatorConfig config, StorageAccess access) {
        super(CloudDatasetStatus::new);
        this.config = config;
        this.access = access;
        this.summaries = new PlanSummaries(access);
    }

    @Override
    public List<EventSource<?, CloudDataset>> prepareEventSources(EventSourceContext<CloudDataset> context) {
        var jobs = InformerEventSourceConfiguration.from(Job.class, CloudDataset.class)
                .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.MANAGER)
                .build();
        return List.of(new InformerEventSource<>(jobs, context));
    }

    /** One reconciliation, synchronously: observe the Jobs, decide, act, record the status. */
    @Override
    public UpdateControl<CloudDataset> reconcile(CloudDataset ds, Session<CloudDataset> session) {
        DatasetStatusRecorder status = new DatasetStatusRecorder(ds, session, config);
        if (status.firstSight()) {
            return status.pending();
        }
        try {
            ResolvedDataset r = ResolvedDataset.resolve(ds, config, access);
            DatasetJobControl control = new DatasetJobControl(session.client(), ds, r, config, access, summaries, status.events());
            DatasetJobs jobs = DatasetJobs.of(DatasetJobs.owned(session.client(), ds), r.name(), r.specHash());
            control.deleteSuperseded(jobs.superseded());
            return switch (DatasetDecision.decide(jobs)) {
                case DatasetDecision.Track t -> status.preprocessing(JobProgress.of(r, t.mapJob(), t.finalizeJob(), summaries));
                case DatasetDecision.ReportFailure f ->
                        status.problem(new Problem(Reason.PreprocessingFailed, new JobFailures(session.client(), summaries)
                                .describe(r, f.job()), false));
                case DatasetDecision.StartFinalize s ->
                        status.preprocessing(JobProgress.of(r, s.mapJob(), control.startFinalizeJob(s.mapJob()), summaries));
                case DatasetDecision.Plan p -> plan(ds, r, jobs, control, status);
            };
        } catch (Problem p) {
            return status.problem(p);
        }
    }

    /** Nothing runs: list the source; Ready when everything is indexed, else a map Job for what is not. */
    private UpdateControl<CloudDataset> plan(CloudDataset ds, ResolvedDataset r, DatasetJobs jobs, DatasetJobControl control,
                                             DatasetStatusRecorder status) {
        List<ObjectInfo> objects = SourceListing.list(r, ds.getSpec().source.include, access);
        String revision = Inventory.revision(r.format().name(), r.options().asMap(), r.metadataRoot(), objects);
        if (status.upToDate(revision)) {
            return UpdateControl.<CloudDataset>noUpdate().rescheduleAfter(config.rescanInterval());
        }
        MetadataStore metadata = new MetadataStore(metadataStore(r), r.metadataRoot());
        PreprocessPlan pp = indexCall("checking the indexes", () ->
                Planner.plan(r.format(), r.options(), objects, r.sourceStorage(), metadata, r.chunkSize()));
        if (pp.isEmpty()) {
            return indexed(r, objects, revision, metadata, control, status);
        }
        PreprocessingPlan plan = PreprocessingPlan.of(pp, r.specHash(), r.bytesPerWorker(), r.maxWorkers(), r.maxTasksPerGroup());
        String mapName = Labels.jobName(r.name(), Labels.STAGE_MAP, plan.hash());
        if (jobs.hasJobNamed(mapName)) {
            // This exact work already ran to completion, yet the indexes are not there: do not loop.
            String first = pp.tasks().isEmpty() ? pp.finalizeTasks().get(0).source().uri() : pp.tasks().get(0).source().uri();
            throw new Problem(Reason.PreprocessingFailed, "Job " + mapName + " completed but " + plan.objects()
                    + " object(s) still have no index (first: " + first + "); delete the Job to retry", false);
        }
        return status.preprocessing(JobProgress.of(r, control.startMapJob(plan), null, summaries));
    }

    private UpdateControl<CloudDataset> indexed(ResolvedDataset r, List<ObjectInfo> objects, String revision, MetadataStore metadata,
                                                DatasetJobControl control, DatasetStatusRecorder status) {
        List<IndexedObject<?>> indexes = indexCall("loading the indexes", () ->
                Partitioner.loadIndexes(r.format(), r.options(), objects, r.sourceStorage(), metadata));
        Map<String, Long> attributes = DatasetAttributes.of(r.format(), indexes);
        String inventory = status.inventoryFor(revision);
        if (inventory == null) {
            ObjectLocation loc = Inventory.location(r.metadataRoot(), r.namespace(), r.name(), revision);
            Inventory inv = new Inventory(Inventory.SCHEMA, r.namespace(), r.name(), r.format().name(), r.options().asMap(),
                    r.metadataRoot().toUri(), revision,
                    objects.stream().map(o -> SourceObject.of(o, r.sourceStorage())).toList(), attributes, Conditions.now());
            StorageCalls.metadata("writing the inventory", () -> metadata.objectStore().put(loc, inv.toJson()));
            inventory = loc.toUri();
        }
        control.deleteFinishedExcept(status.currentPlanHash());
        return status.indexed(objects.size(), attributes, revision, inventory);
    }

    /** Metadata reads while planning; an index that a completed task should have written is a preprocessing failure. */
    private static <T> T indexCall(String what, Supplier<T> call) {
        try {
            return StorageCalls.metadata(what, call);
        } catch (Partitioner.MissingIndexException e) {
            throw new Problem(Reason.PreprocessingFailed, e.getMessage(), false);
        }
    }

    private ObjectStore metadataStore(ResolvedDataset r) {
        return access.store(r.metadataStorage(), r.metadataCredentials());
    }

    /**
     * Deletes the dataset's Jobs (owner references let the garbage collector do this on a real cluster; done anyway,
     * for clusters or test servers without GC) and its plans and inventories. The indexes are shared and kept.
     */
    @Override
    public DeleteControl cleanup(CloudDataset ds, Session<CloudDataset> session) {
        String ns = ds.getMetadata().getNamespace();
        for (Job j : DatasetJobs.owned(session.client(), ds)) {
            DatasetJobControl.delete(session.client(), j);
        }
        try {
            ResolvedDataset r = ResolvedDataset.resolve(ds, config, access);
            ObjectStore meta = metadataStore(r);
            for (String dir : List.of(PreprocessingPlan.PLANS_DIR + ns + "/" + r.name() + "/", Inventory.datasetDir(ns, r.name()))) {
                ObjectLocation prefix = r.metadataRoot().resolve(dir);
                meta.list(prefix).forEach(o -> meta.delete(o.location()));
            }
        } catch (RuntimeException e) {
            // Leftover plans are harmless.
            LOG.info("CloudDataset {}/{}: plans and inventories not removed: {}", ns, ds.getMetadata().getName(), e.getMessage());
        }
        return DeleteControl.defaultDelete();
    }
}
