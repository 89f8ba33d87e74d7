package io.dataplug.operator.dataset;

import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.util.Sizes;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.EventRecorder;
import io.dataplug.operator.support.Labels;
import io.dataplug.operator.support.Problem;
import io.dataplug.operator.support.StorageAccess;
import io.dataplug.operator.support.StorageCalls;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reconciliation does to a dataset's Jobs (the "act" step): write a plan and start its map Job, start a
 * finalize Job, delete Jobs of an earlier spec or plan. Creating is idempotent: a Job's name derives from its plan,
 * so a Job that exists already (another reconciliation or operator created it) is adopted.
 */
final class DatasetJobControl {

    private final KubernetesClient client;
    private final CloudDataset ds;
    private final ResolvedDataset r;
    private final OperatorConfig config;
    private final StorageAccess access;
    private final PlanSummaries summaries;
    private final EventRecorder events;

    DatasetJobControl(KubernetesClient client, CloudDataset ds, ResolvedDataset r, OperatorConfig config, StorageAccess access,
                      PlanSummaries summaries, EventRecorder events) {
        this.client = client;
        this.ds = ds;
        this.r = r;
        this.config = config;
        this.access = access;
        this.summaries = summaries;
        this.events = events;
    }

    /** A spec change supersedes running Jobs of the old spec; finished work is kept in the metadata store. */
    void deleteSuperseded(List<Job> superseded) {
        for (Job j : superseded) {
            delete(j);
            events.normal(ds, Reason.JobSuperseded, "spec changed: deleted Job " + j.getMetadata().getName());
        }
    }

    /** Writes the task plans to the metadata store and creates the map Job that runs them. */
    Job startMapJob(PreprocessingPlan plan) {
        String mapName = Labels.jobName(r.name(), Labels.STAGE_MAP, plan.hash());
        ObjectLocation mapLoc = PreprocessingPlan.mapPlanLocation(r.metadataRoot(), r.namespace(), r.name(), plan.hash());
        ObjectLocation finLoc = plan.finalizePlan() == null ? null
                : PreprocessingPlan.finalizePlanLocation(r.metadataRoot(), r.namespace(), r.name(), plan.hash());
        ObjectStore meta = access.store(r.metadataStorage(), r.metadataCredentials());
        StorageCalls.metadata("writing the task plan", () -> {
            meta.put(mapLoc, plan.map().toJson());
            if (finLoc != null) {
                meta.put(finLoc, plan.finalizePlan().toJson());
            }
        });
        summaries.put(mapLoc.toUri(), plan.map());
        if (finLoc != null) {
            summaries.put(finLoc.toUri(), plan.finalizePlan());
        }
        Map<String, String> ann = PreprocessJobs.planAnnotations(plan, mapLoc.toUri(), finLoc == null ? null : finLoc.toUri());
        Job created = create(PreprocessJobs.build(ds, r, config, Labels.STAGE_MAP, plan.hash(), mapLoc.toUri(),
                plan.map().groups().size(), plan.parallelism(), ann));
        events.normal(ds, Reason.JobCreated, "Job " + mapName + ": " + plan.objects() + " object(s), "
                + Sizes.human(plan.bytes()) + ", " + plan.mapTasks() + " task(s) in " + plan.map().groups().size()
                + " group(s), parallelism " + plan.parallelism() + (plan.alreadyIndexed() > 0
                ? "; " + plan.alreadyIndexed() + " object(s) already indexed" : ""));
        return created;
    }

    /** The finalize Job of a completed map Job's plan. */
    Job startFinalizeJob(Job mapJob) {
        String hash = JobState.label(mapJob, Labels.PLAN_HASH);
        String finUri = JobState.annotation(mapJob, Labels.ANN_FINALIZE_PLAN);
        PlanSummary fin = summaries.get(r, finUri);
        int parallelism = Math.max(1, Math.min(r.maxWorkers(), fin.groups()));
        Job job = PreprocessJobs.build(ds, r, config, Labels.STAGE_FINALIZE, hash, finUri, fin.groups(), parallelism,
                new LinkedHashMap<>(mapJob.getMetadata().getAnnotations()));
        Job created = create(job);
        events.normal(ds, Reason.JobCreated, "Job " + job.getMetadata().getName() + ": finalize "
                + JobState.annotation(mapJob, Labels.ANN_FINALIZE_TASKS) + " object(s) in " + fin.groups() + " group(s)");
        return created;
    }

    /** Once Ready, the Jobs of earlier plans (and of earlier specs) have nothing left to tell. */
    void deleteFinishedExcept(String keepPlanHash) {
        for (Job j : DatasetJobs.owned(client, ds)) {
            if (JobState.finished(j) && !Objects.equals(keepPlanHash, JobState.label(j, Labels.PLAN_HASH))) {
                delete(j);
            }
        }
    }

    private Job create(Job job) {
        try {
            return client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                // Same name = same plan and spec: another reconciliation (or operator) created it first. Adopt it.
                Job existing = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                        .withName(job.getMetadata().getName()).get();
                if (existing != null && !ours(existing)) {
                    throw new Problem(Reason.NameConflict, "Job " + r.namespace() + "/" + job.getMetadata().getName() + " exists and "
                            + "is not this CloudDataset's (no " + Labels.MANAGED_BY + "=" + Labels.MANAGER + " label and owner "
                            + "reference to it); the operator leaves it alone: remove it, or rename the CloudDataset", true);
                }
                if (existing != null) {
                    return existing;
                }
            }
            throw e;
        }
    }

    private boolean ours(Job j) {
        return Labels.managed(j) && j.getMetadata().getOwnerReferences() != null && j.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> Objects.equals(o.getUid(), ds.getMetadata().getUid()));
    }

    /** Background propagation removes the Job's pods too. */
    static void delete(KubernetesClient client, Job j) {
        client.batch().v1().jobs().inNamespace(j.getMetadata().getNamespace()).withName(j.getMetadata().getName())
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }

    private void delete(Job j) {
        delete(client, j);
    }
}
