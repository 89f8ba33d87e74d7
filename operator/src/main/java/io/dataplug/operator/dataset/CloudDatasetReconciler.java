package io.dataplug.operator.dataset;

import io.dataplug.core.exec.Planner;
import io.dataplug.core.exec.PreprocessPlan;
import io.dataplug.core.exec.TaskPlan;
import io.dataplug.core.index.DatasetAttributes;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.slice.Partitioner;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectNotFoundException;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.StorageException;
import io.dataplug.core.util.Sizes;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.CloudDatasetStatus;
import io.dataplug.operator.model.PlanStatus;
import io.dataplug.operator.model.Progress;
import io.dataplug.operator.support.StatusPatches;
import io.dataplug.operator.support.Conditions;
import io.dataplug.operator.support.EventRecorder;
import io.dataplug.operator.support.Labels;
import io.dataplug.operator.support.StorageAccess;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a CloudDataset to Ready: validate, list the source, plan what is not indexed yet, run the plan as an
 * Indexed Job (then a finalize Job when the format needs one), and publish the attributes.
 *
 * <p>State lives in the cluster, not in this process: Jobs carry the dataset's spec hash and the plan hash in
 * labels and the plan's totals in annotations, and their names derive from those hashes. A restarted operator
 * lists the dataset's Jobs, adopts a running one, and re-plans only when nothing runs; re-planning never
 * repeats finished work (indexed objects are skipped, and workers skip finished tasks).
 */
@ControllerConfiguration(name = CloudDatasetReconciler.NAME)
public final class CloudDatasetReconciler implements Reconciler<CloudDataset>, Cleaner<CloudDataset> {

    public static final String NAME = "clouddataset";
    private static final Logger LOG = LoggerFactory.getLogger(CloudDatasetReconciler.class);
    private static final int MAX_CACHED_SUMMARIES = 256;

    private final OperatorConfig config;
    private final StorageAccess access;
    private final Map<String, PlanSummary> summaries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PlanSummary> eldest) {
            return size() > MAX_CACHED_SUMMARIES;
        }
    };

    public CloudDatasetReconciler(OperatorConfig config, StorageAccess access) {
        this.config = config;
        this.access = access;
    }

    @Override
    public List<EventSource<?, CloudDataset>> prepareEventSources(EventSourceContext<CloudDataset> context) {
        var jobs = InformerEventSourceConfiguration.from(Job.class, CloudDataset.class)
                .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.MANAGER)
                .build();
        return List.of(new InformerEventSource<>(jobs, context));
    }

    @Override
    public UpdateControl<CloudDataset> reconcile(CloudDataset ds, Context<CloudDataset> context) {
        Run run = new Run(ds, context);
        if (ds.getStatus().phase == null) {
            // First sight: say so at once; listing a large bucket and planning may take a while.
            ds.getStatus().phase = Reasons.PHASE_PENDING;
            ds.getStatus().observedGeneration = ds.getMetadata().getGeneration();
            Conditions.set(ds.getStatus(), Conditions.READY, false, Reasons.PENDING, "listing the source objects and planning",
                    ds.getMetadata().getGeneration());
            return run.save().rescheduleAfter(Duration.ofMillis(1));
        }
        try {
            ResolvedDataset r = ResolvedDataset.resolve(ds, config, access);
            return run.drive(r);
        } catch (DatasetProblem p) {
            return run.problem(p);
        }
    }

    @Override
    public ErrorStatusUpdateControl<CloudDataset> updateErrorStatus(CloudDataset ds, Context<CloudDataset> context, Exception e) {
        LOG.warn("reconciling CloudDataset {}/{} failed", ds.getMetadata().getNamespace(), ds.getMetadata().getName(), e);
        if (ds.getStatus() == null) {
            ds.setStatus(new CloudDatasetStatus());
        }
        String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (Conditions.set(ds.getStatus(), Conditions.READY, false, Reasons.RECONCILE_ERROR, msg, ds.getMetadata().getGeneration())) {
            new EventRecorder(context.getClient()).warning(ds, Reasons.RECONCILE_ERROR, msg);
        }
        return ErrorStatusUpdateControl.patchStatus(ds);
    }

    @Override
    public DeleteControl cleanup(CloudDataset ds, Context<CloudDataset> context) {
        KubernetesClient client = context.getClient();
        String ns = ds.getMetadata().getNamespace();
        // Owner references let the garbage collector do this on a real cluster; do it explicitly anyway (and for
        // clusters or test servers without GC). Background propagation removes the Jobs' pods too.
        for (Job j : ownedJobs(client, ds)) {
            client.batch().v1().jobs().inNamespace(ns).withName(j.getMetadata().getName())
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        }
        try {
            ResolvedDataset r = ResolvedDataset.resolve(ds, config, access);
            ObjectStore meta = access.store(r.metadataStorage(), r.metadataCredentials());
            for (String dir : List.of(PreprocessingPlan.PLANS_DIR + ns + "/" + r.name() + "/", Inventory.datasetDir(ns, r.name()))) {
                ObjectLocation prefix = r.metadataRoot().resolve(dir);
                meta.list(prefix).forEach(o -> meta.delete(o.location()));
            }
        } catch (RuntimeException e) {
            // The indexes themselves are shared and kept; leftover plans are harmless.
            LOG.info("CloudDataset {}/{}: plans and inventories not removed: {}", ns, ds.getMetadata().getName(), e.getMessage());
        }
        return DeleteControl.defaultDelete();
    }

    static List<Job> ownedJobs(KubernetesClient client, CloudDataset ds) {
        String uid = ds.getMetadata().getUid();
        return client.batch().v1().jobs().inNamespace(ds.getMetadata().getNamespace())
                .withLabel(Labels.DATASET, Labels.labelValue(ds.getMetadata().getName()))
                .list().getItems().stream()
                .filter(j -> j.getMetadata().getOwnerReferences() != null && j.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> Objects.equals(uid, o.getUid())))
                .toList();
    }

    private synchronized PlanSummary summary(ResolvedDataset r, String planUri) {
        PlanSummary s = summaries.get(planUri);
        if (s == null) {
            ObjectLocation loc = ObjectLocation.parse(planUri);
            byte[] data = metadataStore(r).readIfExists(loc)
                    .orElseThrow(() -> new DatasetProblem(Reasons.METADATA_NOT_FOUND, "task plan " + planUri + " is missing", true));
            s = PlanSummary.of(TaskPlan.fromJson(data, planUri));
            summaries.put(planUri, s);
        }
        return s;
    }

    private ObjectStore metadataStore(ResolvedDataset r) {
        return access.store(r.metadataStorage(), r.metadataCredentials());
    }

    /** One reconciliation of one dataset. */
    private final class Run {
        private final CloudDataset ds;
        private final CloudDatasetStatus st;
        private final Context<CloudDataset> context;
        /** The resource as read, before this reconciliation changed its status: the base of the status patch. */
        private final CloudDataset base;
        private final KubernetesClient client;
        private final EventRecorder events;
        private final Long generation;

        Run(CloudDataset ds, Context<CloudDataset> context) {
            this.ds = ds;
            this.base = context.getControllerConfiguration().getConfigurationService().getResourceCloner().clone(ds);
            if (ds.getStatus() == null) {
                ds.setStatus(new CloudDatasetStatus());
            }
            this.st = ds.getStatus();
            this.context = context;
            this.client = context.getClient();
            this.events = new EventRecorder(client);
            this.generation = ds.getMetadata().getGeneration();
        }

        /**
         * Writes the status with optimistic locking and caches the result, so the next reconciliation never sees
         * the status this one replaced (which would repeat Events and work).
         */
        UpdateControl<CloudDataset> save() {
            return StatusPatches.patchIfChanged(base, st, context);
        }

        UpdateControl<CloudDataset> drive(ResolvedDataset r) {
            List<Job> jobs = ownedJobs(client, ds);
            // A spec change supersedes running Jobs of the old spec; finished work is kept in the metadata store.
            List<Job> current = new ArrayList<>();
            for (Job j : jobs) {
                if (r.specHash().equals(JobState.label(j, Labels.SPEC_HASH))) {
                    current.add(j);
                } else if (!JobState.finished(j)) {
                    client.batch().v1().jobs().inNamespace(r.namespace()).withName(j.getMetadata().getName())
                            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                    events.normal(ds, Reasons.JOB_SUPERSEDED, "spec changed: deleted Job " + j.getMetadata().getName());
                }
            }
            Optional<Job> runningFinalize = current.stream()
                    .filter(j -> Labels.STAGE_FINALIZE.equals(JobState.label(j, Labels.STAGE)) && !JobState.finished(j)).findFirst();
            Optional<Job> runningMap = current.stream()
                    .filter(j -> Labels.STAGE_MAP.equals(JobState.label(j, Labels.STAGE)) && !JobState.finished(j)).findFirst();
            if (runningFinalize.isPresent() || runningMap.isPresent()) {
                Job mapJob = runningMap.orElseGet(() -> mapJobOf(current, runningFinalize.get()));
                return preprocessing(r, mapJob, runningFinalize.orElse(null), current);
            }
            Optional<Job> failed = current.stream().filter(JobState::failed).findFirst();
            if (failed.isPresent()) {
                return problem(new DatasetProblem(Reasons.PREPROCESSING_FAILED, failureMessage(r, failed.get()), false));
            }
            // A finished map Job whose finalize Job does not exist yet (e.g. the operator stopped in between).
            for (Job m : current) {
                if (Labels.STAGE_MAP.equals(JobState.label(m, Labels.STAGE)) && JobState.complete(m)
                        && JobState.annotation(m, Labels.ANN_FINALIZE_PLAN) != null) {
                    String hash = JobState.label(m, Labels.PLAN_HASH);
                    String finName = Labels.jobName(r.name(), Labels.STAGE_FINALIZE, hash);
                    if (current.stream().noneMatch(j -> j.getMetadata().getName().equals(finName))) {
                        Job fin = createFinalizeJob(r, m);
                        return preprocessing(r, m, fin, current);
                    }
                }
            }
            return plan(r, current);
        }

        private Job mapJobOf(List<Job> jobs, Job finalizeJob) {
            String hash = JobState.label(finalizeJob, Labels.PLAN_HASH);
            return jobs.stream().filter(j -> Labels.STAGE_MAP.equals(JobState.label(j, Labels.STAGE))
                    && Objects.equals(hash, JobState.label(j, Labels.PLAN_HASH))).findFirst().orElse(finalizeJob);
        }

        private UpdateControl<CloudDataset> plan(ResolvedDataset r, List<Job> current) {
            List<ObjectInfo> objects = listSource(r);
            String revision = Inventory.revision(r.format().name(), r.options().asMap(), r.metadataRoot(), objects);
            if (Reasons.PHASE_READY.equals(st.phase) && revision.equals(st.revision) && Objects.equals(generation, st.observedGeneration)
                    && Conditions.isTrue(st, Conditions.READY)) {
                return UpdateControl.<CloudDataset>noUpdate().rescheduleAfter(config.rescanInterval());
            }
            MetadataStore metadata = new MetadataStore(metadataStore(r), r.metadataRoot());
            PreprocessPlan pp = metadataCall("checking the indexes", () ->
                    Planner.plan(r.format(), r.options(), objects, r.sourceStorage(), metadata, r.chunkSize()));
            if (pp.isEmpty()) {
                return ready(r, objects, revision, metadata);
            }
            PreprocessingPlan plan = PreprocessingPlan.of(pp, r.specHash(), r.bytesPerWorker(), r.maxWorkers(), r.maxTasksPerGroup());
            String mapName = Labels.jobName(r.name(), Labels.STAGE_MAP, plan.hash());
            Optional<Job> same = current.stream().filter(j -> j.getMetadata().getName().equals(mapName)).findFirst();
            if (same.isPresent()) {
                // This exact work already ran to completion, yet the indexes are not there: do not loop.
                String first = pp.tasks().isEmpty() ? pp.finalizeTasks().get(0).source().uri() : pp.tasks().get(0).source().uri();
                return problem(new DatasetProblem(Reasons.PREPROCESSING_FAILED, "Job " + mapName + " completed but "
                        + plan.objects() + " object(s) still have no index (first: " + first + "); delete the Job to retry", false));
            }
            ObjectLocation mapLoc = PreprocessingPlan.mapPlanLocation(r.metadataRoot(), r.namespace(), r.name(), plan.hash());
            ObjectLocation finLoc = plan.finalizePlan() == null ? null
                    : PreprocessingPlan.finalizePlanLocation(r.metadataRoot(), r.namespace(), r.name(), plan.hash());
            ObjectStore meta = metadataStore(r);
            metadataCall("writing the task plan", () -> {
                meta.put(mapLoc, plan.map().toJson());
                if (finLoc != null) {
                    meta.put(finLoc, plan.finalizePlan().toJson());
                }
                return null;
            });
            synchronized (CloudDatasetReconciler.this) {
                summaries.put(mapLoc.toUri(), PlanSummary.of(plan.map()));
                if (finLoc != null) {
                    summaries.put(finLoc.toUri(), PlanSummary.of(plan.finalizePlan()));
                }
            }
            Map<String, String> ann = PreprocessJobs.planAnnotations(plan, mapLoc.toUri(), finLoc == null ? null : finLoc.toUri());
            Job job = PreprocessJobs.build(ds, r, config, Labels.STAGE_MAP, plan.hash(), mapLoc.toUri(),
                    plan.map().groups().size(), plan.parallelism(), ann);
            Job created = create(job);
            events.normal(ds, Reasons.JOB_CREATED, "Job " + mapName + ": " + plan.objects() + " object(s), "
                    + Sizes.human(plan.bytes()) + ", " + plan.mapTasks() + " task(s) in " + plan.map().groups().size()
                    + " group(s), parallelism " + plan.parallelism() + (plan.alreadyIndexed() > 0
                    ? "; " + plan.alreadyIndexed() + " object(s) already indexed" : ""));
            List<Job> all = new ArrayList<>(current);
            all.add(created);
            return preprocessing(r, created, null, all);
        }

        private Job create(Job job) {
            try {
                return client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    // Same name = same plan and spec: another reconciliation (or operator) created it first. Adopt it.
                    Job existing = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                            .withName(job.getMetadata().getName()).get();
                    if (existing != null) {
                        return existing;
                    }
                }
                throw e;
            }
        }

        private Job createFinalizeJob(ResolvedDataset r, Job mapJob) {
            String hash = JobState.label(mapJob, Labels.PLAN_HASH);
            String finUri = JobState.annotation(mapJob, Labels.ANN_FINALIZE_PLAN);
            PlanSummary fin = summary(r, finUri);
            int parallelism = Math.max(1, Math.min(r.maxWorkers(), fin.groups()));
            Job job = PreprocessJobs.build(ds, r, config, Labels.STAGE_FINALIZE, hash, finUri, fin.groups(), parallelism,
                    new LinkedHashMap<>(mapJob.getMetadata().getAnnotations()));
            Job created = create(job);
            events.normal(ds, Reasons.JOB_CREATED, "Job " + job.getMetadata().getName() + ": finalize "
                    + JobState.annotation(mapJob, Labels.ANN_FINALIZE_TASKS) + " object(s) in " + fin.groups() + " group(s)");
            return created;
        }

        private UpdateControl<CloudDataset> preprocessing(ResolvedDataset r, Job mapJob, Job finJob, List<Job> jobs) {
            long mapTasks = JobState.longAnnotation(mapJob, Labels.ANN_TASKS);
            long finTasks = JobState.longAnnotation(mapJob, Labels.ANN_FINALIZE_TASKS);
            long bytes = JobState.longAnnotation(mapJob, Labels.ANN_BYTES);
            long tasksDone;
            long bytesDone;
            if (finJob != null) {
                PlanSummary fin = summary(r, JobState.annotation(mapJob, Labels.ANN_FINALIZE_PLAN));
                tasksDone = mapTasks + fin.tasksIn(JobState.completedIndexes(finJob));
                bytesDone = bytes;
            } else {
                PlanSummary map = summary(r, JobState.annotation(mapJob, Labels.ANN_PLAN));
                BitSet done = JobState.completedIndexes(mapJob);
                tasksDone = map.tasksIn(done);
                bytesDone = map.bytesIn(done);
            }
            st.progress = new Progress(tasksDone, mapTasks + finTasks, bytesDone, bytes);
            PlanStatus p = new PlanStatus();
            p.hash = JobState.label(mapJob, Labels.PLAN_HASH);
            p.mapPlan = JobState.annotation(mapJob, Labels.ANN_PLAN);
            p.finalizePlan = JobState.annotation(mapJob, Labels.ANN_FINALIZE_PLAN);
            p.mapJob = mapJob.getMetadata().getName();
            p.finalizeJob = finJob != null ? finJob.getMetadata().getName() : null;
            p.objects = JobState.longAnnotation(mapJob, Labels.ANN_OBJECTS);
            p.alreadyIndexed = JobState.longAnnotation(mapJob, Labels.ANN_ALREADY_INDEXED);
            st.plan = p;
            st.phase = Reasons.PHASE_PREPROCESSING;
            st.observedGeneration = generation;
            Job running = finJob != null ? finJob : mapJob;
            Conditions.set(st, Conditions.READY, false, Reasons.PREPROCESSING,
                    "preprocessing " + p.objects + " object(s), " + Sizes.human(bytes) + ": " + st.progress.summary + " done ("
                            + (finJob != null ? "finalize Job " : "Job ") + running.getMetadata().getName() + ")", generation);
            return save().rescheduleAfter(config.jobPollInterval());
        }

        private UpdateControl<CloudDataset> ready(ResolvedDataset r, List<ObjectInfo> objects, String revision, MetadataStore metadata) {
            List<IndexedObject<?>> indexes = metadataCall("loading the indexes", () ->
                    Partitioner.loadIndexes(r.format(), r.options(), objects, r.sourceStorage(), metadata));
            Map<String, Long> attributes = DatasetAttributes.sum(indexes);
            if (!revision.equals(st.revision) || st.inventory == null) {
                ObjectLocation loc = Inventory.location(r.metadataRoot(), r.namespace(), r.name(), revision);
                Inventory inv = new Inventory(Inventory.SCHEMA, r.namespace(), r.name(), r.format().name(), r.options().asMap(),
                        r.metadataRoot().toUri(), revision,
                        objects.stream().map(o -> SourceObject.of(o, r.sourceStorage())).toList(), attributes, Conditions.now());
                metadataCall("writing the inventory", () -> {
                    metadata.objectStore().put(loc, inv.toJson());
                    return null;
                });
                st.inventory = loc.toUri();
            }
            st.revision = revision;
            st.attributes = attributes;
            st.objects = (long) objects.size();
            st.bytes = attributes.getOrDefault("bytes", 0L);
            st.size = Sizes.human(st.bytes);
            if (st.progress != null) {
                st.progress = new Progress(st.progress.tasksTotal, st.progress.tasksTotal, st.progress.bytesTotal, st.progress.bytesTotal);
            }
            st.phase = Reasons.PHASE_READY;
            st.observedGeneration = generation;
            deleteOldJobs(r);
            String summary = objects.size() + " object(s), " + st.size + " indexed" + attributes.entrySet().stream()
                    .filter(e -> !e.getKey().equals("objects") && !e.getKey().equals("bytes"))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", ": ", "")).replaceFirst(": $", "");
            if (Conditions.set(st, Conditions.READY, true, Reasons.INDEXED, summary, generation)) {
                events.normal(ds, Reasons.INDEXED, summary);
            }
            return save().rescheduleAfter(config.rescanInterval());
        }

        /** Once Ready, the Jobs of earlier plans (and of earlier specs) have nothing left to tell. */
        private void deleteOldJobs(ResolvedDataset r) {
            String keep = st.plan != null ? st.plan.hash : null;
            for (Job j : ownedJobs(client, ds)) {
                if (JobState.finished(j) && !Objects.equals(keep, JobState.label(j, Labels.PLAN_HASH))) {
                    client.batch().v1().jobs().inNamespace(r.namespace()).withName(j.getMetadata().getName())
                            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                }
            }
        }

        UpdateControl<CloudDataset> problem(DatasetProblem p) {
            st.phase = p.retry() ? Reasons.PHASE_PENDING : Reasons.PHASE_FAILED;
            st.observedGeneration = generation;
            if (Conditions.set(st, Conditions.READY, false, p.reason(), p.getMessage(), generation)) {
                events.warning(ds, p.reason(), p.getMessage());
                LOG.info("CloudDataset {}/{}: {}: {}", ds.getMetadata().getNamespace(), ds.getMetadata().getName(), p.reason(),
                        p.getMessage());
            }
            UpdateControl<CloudDataset> c = save();
            return p.retry() ? c.rescheduleAfter(config.retryInterval()) : c;
        }

        private List<ObjectInfo> listSource(ResolvedDataset r) {
            ObjectStore store = access.store(r.sourceStorage(), r.sourceCredentials());
            ObjectLocation src = r.source();
            try {
                if (!r.prefix()) {
                    return List.of(store.head(src));
                }
                ObjectLocation meta = r.metadataRoot();
                boolean sameBucket = meta.bucket().equals(src.bucket());
                List<ObjectInfo> objects;
                try (var stream = store.list(src)) {
                    objects = stream.filter(o -> r.include().matches(o.location().key().substring(src.key().length())))
                            .filter(o -> !(sameBucket && o.location().key().startsWith(meta.key())))
                            // companion indexes beside the data (.gzi, .tbi, .fai, ...) are not data
                            .filter(o -> !r.format().isCompanion(o.location().key()))
                            .toList();
                }
                if (objects.isEmpty()) {
                    throw new DatasetProblem(Reasons.SOURCE_NOT_FOUND, "no objects under " + src.toUri()
                            + (ds.getSpec().source.include == null || ds.getSpec().source.include.isEmpty() ? ""
                            : " match " + ds.getSpec().source.include), true);
                }
                return objects;
            } catch (ObjectNotFoundException e) {
                String hint = !r.prefix() && e.getMessage().endsWith("no such object") ? " (for a prefix, end the URI with '/')" : "";
                throw new DatasetProblem(Reasons.SOURCE_NOT_FOUND, e.getMessage() + hint, true);
            } catch (StorageException e) {
                throw new DatasetProblem(Reasons.STORAGE_ERROR, "listing the source: " + e.getMessage(), true);
            }
        }

        private <T> T metadataCall(String what, java.util.function.Supplier<T> call) {
            try {
                return call.get();
            } catch (ObjectNotFoundException e) {
                throw new DatasetProblem(Reasons.METADATA_NOT_FOUND, what + ": " + e.getMessage(), true);
            } catch (StorageException e) {
                throw new DatasetProblem(Reasons.STORAGE_ERROR, what + ": " + e.getMessage(), true);
            } catch (Partitioner.MissingIndexException e) {
                throw new DatasetProblem(Reasons.PREPROCESSING_FAILED, e.getMessage(), false);
            }
        }

        /** The Job's failure, as precise as the cluster tells: the first failed task group and its pod's last words. */
        private String failureMessage(ResolvedDataset r, Job job) {
            String name = job.getMetadata().getName();
            BitSet failed = JobState.failedIndexes(job);
            JobCondition cond = JobState.condition(job, "Failed").orElse(null);
            if (failed.isEmpty()) {
                return "Job " + name + " failed" + (cond != null ? ": " + cond.getReason() + ": " + cond.getMessage() : "");
            }
            int i = failed.nextSetBit(0);
            String planUri = Labels.STAGE_FINALIZE.equals(JobState.label(job, Labels.STAGE))
                    ? JobState.annotation(job, Labels.ANN_FINALIZE_PLAN) : JobState.annotation(job, Labels.ANN_PLAN);
            String what;
            try {
                what = summary(r, planUri).describe(i);
            } catch (RuntimeException e) {
                what = "task group " + i;
            }
            List<Pod> pods;
            try {
                pods = client.pods().inNamespace(job.getMetadata().getNamespace()).withLabel(Labels.JOB_NAME, name).list().getItems()
                        .stream().filter(p -> Integer.toString(i).equals(p.getMetadata().getLabels().get(Labels.JOB_COMPLETION_INDEX)))
                        .filter(p -> "Failed".equals(p.getStatus() != null ? p.getStatus().getPhase() : null))
                        .sorted(Comparator.comparing(p -> failureCount(p))).toList();
            } catch (KubernetesClientException e) {
                // No access to pods (RBAC) or they are gone: report what the Job says.
                LOG.info("Job {}: pods not readable: {}", name, e.getMessage());
                pods = List.of();
            }
            StringBuilder sb = new StringBuilder("Job ").append(name).append(": task group ").append(i).append(" (").append(what)
                    .append(") failed");
            if (!pods.isEmpty()) {
                sb.append(" after ").append(pods.size()).append(pods.size() == 1 ? " attempt" : " attempts");
                String last = lastWords(pods.get(pods.size() - 1));
                if (last != null) {
                    sb.append(": ").append(last);
                }
            }
            if (failed.cardinality() > 1) {
                sb.append(" (").append(failed.cardinality() - 1).append(" more task group(s) failed)");
            }
            return sb.toString();
        }
    }

    private static int failureCount(Pod p) {
        String v = p.getMetadata().getAnnotations() == null ? null
                : p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-index-failure-count");
        try {
            return v == null ? 0 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The worker's own error line when there is one, else the last line of its termination message. */
    static String lastWords(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
            ContainerStateTerminated t = cs.getState() != null ? cs.getState().getTerminated() : null;
            if (t == null) {
                continue;
            }
            String msg = t.getMessage();
            if (msg != null && !msg.isBlank()) {
                List<String> lines = msg.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
                for (int i = lines.size() - 1; i >= 0; i--) {
                    if (lines.get(i).startsWith("dataplug:")) {
                        return lines.get(i);
                    }
                }
                return lines.get(lines.size() - 1);
            }
            return "exit code " + t.getExitCode() + (t.getReason() != null ? " (" + t.getReason() + ")" : "");
        }
        return null;
    }
}
