package io.dataplug.operator.dataset;

import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.Durations;
import io.dataplug.operator.support.Labels;
import io.dataplug.operator.support.Problem;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A failed Job's message, as precise as the cluster tells: the first failed task group and its pod's last words. */
final class JobFailures {

    private static final Logger LOG = LoggerFactory.getLogger(JobFailures.class);
    /** The Job controller's reason for a Job stopped at its {@code activeDeadlineSeconds}. */
    static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

    private final KubernetesClient client;
    private final PlanSummaries summaries;

    JobFailures(KubernetesClient client, PlanSummaries summaries) {
        this.client = client;
        this.summaries = summaries;
    }

    /** PreprocessingFailed with the first failure, or DeadlineExceeded when the Job controller stopped the Job at its deadline. */
    Problem problem(ResolvedDataset r, Job job) {
        JobCondition cond = JobState.condition(job, "Failed").orElse(null);
        if (cond != null && DEADLINE_EXCEEDED.equals(cond.getReason())) {
            Long seconds = job.getSpec() == null ? null : job.getSpec().getActiveDeadlineSeconds();
            int completions = job.getSpec() == null || job.getSpec().getCompletions() == null ? 0 : job.getSpec().getCompletions();
            return new Problem(Reason.DeadlineExceeded, "Job " + job.getMetadata().getName() + " was still running at its deadline"
                    + (seconds != null ? " of " + Durations.human(Duration.ofSeconds(seconds)) : "") + " (DATAPLUG_JOB_DEADLINE) with "
                    + JobState.completedIndexes(job).cardinality() + " of " + completions
                    + " task group(s) done, and was stopped; delete the Job to retry", false);
        }
        return new Problem(Reason.PreprocessingFailed, describe(r, job), false);
    }

    String describe(ResolvedDataset r, Job job) {
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
            what = summaries.get(r, planUri).describe(i);
        } catch (RuntimeException e) {
            what = "task group " + i;
        }
        List<Pod> pods = failedPods(job, i);
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

    /** The failed pods of one index, oldest attempt first. */
    private List<Pod> failedPods(Job job, int index) {
        String name = job.getMetadata().getName();
        try {
            return client.pods().inNamespace(job.getMetadata().getNamespace()).withLabel(Labels.JOB_NAME, name).list().getItems()
                    .stream().filter(p -> Integer.toString(index).equals(p.getMetadata().getLabels().get(Labels.JOB_COMPLETION_INDEX)))
                    .filter(p -> "Failed".equals(p.getStatus() != null ? p.getStatus().getPhase() : null))
                    .sorted(Comparator.comparing(JobFailures::failureCount)).toList();
        } catch (KubernetesClientException e) {
            // No access to pods (RBAC) or they are gone: report what the Job says.
            LOG.info("Job {}: pods not readable: {}", name, e.getMessage());
            return List.of();
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
