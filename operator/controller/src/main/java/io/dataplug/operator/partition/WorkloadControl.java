package io.dataplug.operator.partition;

import io.dataplug.core.util.Messages;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.dataset.JobFailures;
import io.dataplug.operator.dataset.JobState;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.PartitioningStatus;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.model.WorkloadSpec;
import io.dataplug.operator.model.WorkloadStatus;
import io.dataplug.operator.support.Labels;
import io.dataplug.operator.support.Problem;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * A Partitioning's workload (spec.workload): observes its Indexed Jobs, creates the one for the published slices,
 * stops Jobs of earlier slices (onRepartition: Restart) or holds new slices back while one runs (Keep), refuses a
 * template off the workload allow-lists ({@link WorkloadPolicy}: no Job), and reports
 * the Job's progress and failed slices to the status recorder.
 */
final class WorkloadControl {

    static final int MAX_FAILURES = 20;

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final Partitioning p;
    private final String ns;
    private final WorkloadSpec spec;

    WorkloadControl(KubernetesClient client, OperatorConfig config, Partitioning p) {
        this.client = client;
        this.config = config;
        this.p = p;
        this.ns = p.getMetadata().getNamespace();
        this.spec = p.getSpec().workload;
    }

    /** The partitioning's workload Jobs (owned by it). */
    List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(ns)
                .withLabel(Labels.PARTITIONING, Labels.labelValue(p.getMetadata().getName()))
                .withLabel(Labels.COMPONENT, WorkloadJobs.COMPONENT).list().getItems().stream()
                .filter(j -> j.getMetadata().getOwnerReferences() != null && j.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> Objects.equals(o.getUid(), p.getMetadata().getUid())))
                .toList();
    }

    /** Keep policy: a Job still runs on the published slices, so new slices wait until it has finished. */
    boolean holdsSlices() {
        return spec != null && spec.onRepartition() == WorkloadSpec.RepartitionPolicy.Keep
                && jobs().stream().anyMatch(j -> !JobState.finished(j));
    }

    /** Brings the workload in line with the published slices in {@code status} and records its progress. */
    void sync(PartitioningStatusRecorder recorder, List<String> allowedRoots) {
        PartitioningStatus st = recorder.status();
        if (spec == null) {
            jobs().forEach(j -> delete(j));
            recorder.noWorkload();
            return;
        }
        if (st.manifest == null || st.slices == null) {
            return;
        }
        if (st.slices == 0) {
            jobs().forEach(this::delete);
            recorder.workload(progress(null, 0), Reason.WorkloadComplete, "no slices to run");
            return;
        }
        WorkloadJobs.Run run = new WorkloadJobs.Run(st.slices, st.manifest, st.datasetRevision, st.observedGeneration,
                allowedRoots);
        Job current = null;
        for (Job j : jobs()) {
            if (run.hash().equals(JobState.label(j, Labels.SPEC_HASH))) {
                current = j;
            } else {
                if (!JobState.finished(j)) {
                    recorder.events().normal(p, Reason.WorkloadRestarted, "Job " + j.getMetadata().getName()
                            + " stopped: the slices changed (onRepartition: Restart); the new slices run in a new Job");
                }
                delete(j);
            }
        }
        if (current == null) {
            if (spec.template == null || spec.template.getSpec() == null || spec.template.getSpec().getContainers() == null
                    || spec.template.getSpec().getContainers().isEmpty()) {
                recorder.workload(progress(null, st.slices), Reason.WorkloadFailed,
                        "spec.workload.template.spec.containers is empty: nothing to run on the slices");
                return;
            }
            try {
                WorkloadPolicy.check(ns, spec.template.getSpec(), config);
            } catch (Problem refused) {
                recorder.workload(progress(null, st.slices), refused.reason(), refused.getMessage());
                return;
            }
            try {
                current = client.batch().v1().jobs().inNamespace(ns).resource(WorkloadJobs.build(p, spec, run)).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() < 400 || e.getCode() >= 500 || e.getCode() == 409) {
                    throw e; // passing (or a Job of the same name appeared): retried by JOSDK
                }
                recorder.workload(progress(null, st.slices), Reason.WorkloadFailed, "the API server refused the workload's Job: "
                        + Messages.safe(e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                        : e.getMessage()));
                return;
            }
            recorder.events().normal(p, Reason.JobCreated, "Job " + current.getMetadata().getName() + " runs "
                    + st.slices + " slice(s), one pod each");
        }
        WorkloadStatus ws = progress(current, st.slices);
        if (JobState.complete(current)) {
            recorder.workload(ws, Reason.WorkloadComplete, "all " + st.slices + " slice(s) succeeded (Job "
                    + ws.job + ")");
        } else if (JobState.failed(current)) {
            recorder.workload(ws, Reason.WorkloadFailed, failureMessage(current, ws));
        } else {
            recorder.workload(ws, Reason.WorkloadRunning, ws.succeeded + "/" + st.slices + " slice(s) done, "
                    + ws.active + " running, " + ws.failed + " failed (Job " + ws.job + ")");
        }
    }

    private WorkloadStatus progress(Job job, int slices) {
        WorkloadStatus ws = new WorkloadStatus();
        ws.slices = slices;
        ws.succeeded = job == null ? 0 : JobState.completedIndexes(job).cardinality();
        ws.active = job == null ? 0 : JobState.active(job);
        if (job == null) {
            ws.failed = 0;
            return ws;
        }
        ws.job = job.getMetadata().getName();
        BitSet failed = JobState.failedIndexes(job);
        ws.failed = failed.cardinality();
        for (int i = failed.nextSetBit(0); i >= 0 && ws.failures.size() < MAX_FAILURES; i = failed.nextSetBit(i + 1)) {
            List<Pod> pods = JobFailures.failedPods(client, job, i);
            String last = pods.isEmpty() ? null : JobFailures.lastWords(pods.get(pods.size() - 1));
            ws.failures.add(new WorkloadStatus.SliceFailure(i, last == null ? "failed" : Messages.safe(last)));
        }
        return ws;
    }

    private static String failureMessage(Job job, WorkloadStatus ws) {
        var cond = JobState.condition(job, "Failed").orElse(null);
        StringBuilder sb = new StringBuilder("Job ").append(ws.job).append(" failed");
        if (cond != null && cond.getReason() != null) {
            sb.append(" (").append(cond.getReason()).append(')');
        }
        sb.append(": ").append(ws.failed).append(" of ").append(ws.slices).append(" slice(s) failed");
        if (!ws.failures.isEmpty()) {
            WorkloadStatus.SliceFailure f = ws.failures.get(0);
            sb.append("; slice ").append(f.slice).append(": ").append(f.message);
        }
        return sb.toString();
    }

    private void delete(Job j) {
        client.batch().v1().jobs().inNamespace(ns).withName(j.getMetadata().getName())
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }
}
