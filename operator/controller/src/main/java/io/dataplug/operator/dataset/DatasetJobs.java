package io.dataplug.operator.dataset;

import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.support.Labels;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The observer's view of a dataset's Jobs, sorted against the current spec: which belong to it, which belong to an
 * earlier spec and still run, which run, which failed, and a map Job that finished without its finalize Job (the
 * operator stopped in between). Built from the Jobs alone, so decisions are tested without a cluster.
 */
public record DatasetJobs(List<Job> current, List<Job> superseded, Optional<Job> runningMap, Optional<Job> runningFinalize,
                          Optional<Job> failed, Optional<Job> awaitingFinalize) {

    /** The dataset's Jobs: labelled with its name and owned by its UID. */
    public static List<Job> owned(KubernetesClient client, CloudDataset ds) {
        String uid = ds.getMetadata().getUid();
        return client.batch().v1().jobs().inNamespace(ds.getMetadata().getNamespace())
                .withLabel(Labels.DATASET, Labels.labelValue(ds.getMetadata().getName()))
                .list().getItems().stream()
                .filter(j -> j.getMetadata().getOwnerReferences() != null && j.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> Objects.equals(uid, o.getUid())))
                .toList();
    }

    /**
     * @param dataset  the dataset's name (Job names derive from it)
     * @param specHash the current spec's hash (Jobs carry theirs as a label)
     */
    public static DatasetJobs of(List<Job> owned, String dataset, String specHash) {
        List<Job> current = new ArrayList<>();
        List<Job> superseded = new ArrayList<>();
        for (Job j : owned) {
            if (specHash.equals(JobState.label(j, Labels.SPEC_HASH))) {
                current.add(j);
            } else if (!JobState.finished(j)) {
                superseded.add(j);
            }
        }
        Optional<Job> runningMap = running(current, Labels.STAGE_MAP);
        Optional<Job> runningFinalize = running(current, Labels.STAGE_FINALIZE);
        Optional<Job> failed = current.stream().filter(JobState::failed).findFirst();
        Optional<Job> awaiting = current.stream()
                .filter(m -> Labels.STAGE_MAP.equals(JobState.label(m, Labels.STAGE)) && JobState.complete(m)
                        && JobState.annotation(m, Labels.ANN_FINALIZE_PLAN) != null)
                .filter(m -> current.stream().noneMatch(j -> j.getMetadata().getName()
                        .equals(Labels.jobName(dataset, Labels.STAGE_FINALIZE, JobState.label(m, Labels.PLAN_HASH)))))
                .findFirst();
        return new DatasetJobs(List.copyOf(current), List.copyOf(superseded), runningMap, runningFinalize, failed, awaiting);
    }

    private static Optional<Job> running(List<Job> jobs, String stage) {
        return jobs.stream().filter(j -> stage.equals(JobState.label(j, Labels.STAGE)) && !JobState.finished(j)).findFirst();
    }

    /** The map Job of a finalize Job's plan (the finalize Job itself when the map Job is gone). */
    public Job mapJobOf(Job finalizeJob) {
        String hash = JobState.label(finalizeJob, Labels.PLAN_HASH);
        return current.stream().filter(j -> Labels.STAGE_MAP.equals(JobState.label(j, Labels.STAGE))
                && Objects.equals(hash, JobState.label(j, Labels.PLAN_HASH))).findFirst().orElse(finalizeJob);
    }

    public boolean hasJobNamed(String name) {
        return current.stream().anyMatch(j -> j.getMetadata().getName().equals(name));
    }
}
