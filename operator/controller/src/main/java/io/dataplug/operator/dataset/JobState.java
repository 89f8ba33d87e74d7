package io.dataplug.operator.dataset;

import io.dataplug.operator.support.IndexSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.BitSet;
import java.util.Optional;

/** Reads a Job's status the way the Job controller writes it. */
public final class JobState {

    private JobState() {
    }

    public static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    public static boolean complete(Job job) {
        return condition(job, "Complete").isPresent();
    }

    public static boolean failed(Job job) {
        return condition(job, "Failed").isPresent();
    }

    public static boolean finished(Job job) {
        return complete(job) || failed(job);
    }

    public static BitSet completedIndexes(Job job) {
        return IndexSet.parse(job.getStatus() == null ? null : job.getStatus().getCompletedIndexes());
    }

    public static BitSet failedIndexes(Job job) {
        return IndexSet.parse(job.getStatus() == null ? null : job.getStatus().getFailedIndexes());
    }

    public static int active(Job job) {
        return job.getStatus() == null || job.getStatus().getActive() == null ? 0 : job.getStatus().getActive();
    }

    public static String annotation(Job job, String key) {
        return job.getMetadata().getAnnotations() == null ? null : job.getMetadata().getAnnotations().get(key);
    }

    public static long longAnnotation(Job job, String key) {
        String v = annotation(job, key);
        try {
            return v == null ? 0 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static String label(Job job, String key) {
        return job.getMetadata().getLabels() == null ? null : job.getMetadata().getLabels().get(key);
    }
}
