package io.dataplug.operator.dataset;

import io.dataplug.operator.metrics.OperatorMetrics;
import io.dataplug.operator.support.Labels;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each preprocessing Job once in the metrics when a reconciliation first sees it finished: its duration, its
 * tasks succeeded and failed, and — when it completed the last stage of its plan — the objects and bytes it indexed.
 * Jobs that finished before this operator started were counted by an earlier one (or never will be: counters restart
 * with the process).
 */
final class FinishedJobs {

    private static final Logger LOG = LoggerFactory.getLogger(FinishedJobs.class);
    private static final int REMEMBERED = 4096;

    private final OperatorMetrics metrics;
    private final PlanSummaries summaries;
    private final Set<String> counted = Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    FinishedJobs(OperatorMetrics metrics, PlanSummaries summaries) {
        this.metrics = metrics;
        this.summaries = summaries;
    }

    /** Metrics never fail a reconciliation: a Job whose plan cannot be read is skipped (the reconciliation reports it). */
    void observe(ResolvedDataset r, Iterable<Job> jobs) {
        for (Job j : jobs) {
            try {
                record(r, j);
            } catch (RuntimeException e) {
                LOG.debug("Job {}: not counted in the metrics: {}", j.getMetadata().getName(), e.getMessage());
            }
        }
    }

    private void record(ResolvedDataset r, Job j) {
        var end = JobState.condition(j, "Complete").or(() -> JobState.condition(j, "Failed"));
        if (end.isEmpty() || !firstSight(j, end.get().getLastTransitionTime())) {
            return;
        }
        boolean complete = JobState.complete(j);
        String stage = JobState.label(j, Labels.STAGE);
        PlanSummary plan = summaries.get(r, Labels.STAGE_FINALIZE.equals(stage)
                ? JobState.annotation(j, Labels.ANN_FINALIZE_PLAN) : JobState.annotation(j, Labels.ANN_PLAN));
        String ns = j.getMetadata().getNamespace();
        metrics.preprocessingJobFinished(ns, stage, complete, between(j.getStatus().getStartTime(), end.get().getLastTransitionTime()),
                plan.tasksIn(JobState.completedIndexes(j)), plan.tasksIn(JobState.failedIndexes(j)));
        boolean lastStage = Labels.STAGE_FINALIZE.equals(stage) || JobState.annotation(j, Labels.ANN_FINALIZE_PLAN) == null;
        if (complete && lastStage) {
            metrics.indexed(ns, JobState.longAnnotation(j, Labels.ANN_OBJECTS), JobState.longAnnotation(j, Labels.ANN_BYTES));
        }
    }

    /** Not counted yet, and finished while this operator ran (times are whole seconds, hence the second's slack). */
    private synchronized boolean firstSight(Job j, String finishedAt) {
        Instant end = instant(finishedAt);
        if (end == null || end.isBefore(metrics.started().minusSeconds(1))) {
            return false;
        }
        return counted.add(j.getMetadata().getUid() != null ? j.getMetadata().getUid() : j.getMetadata().getName());
    }

    private static Duration between(String start, String end) {
        Instant s = instant(start);
        Instant e = instant(end);
        return s == null || e == null || e.isBefore(s) ? Duration.ZERO : Duration.between(s, e);
    }

    private static Instant instant(String t) {
        try {
            return t == null ? null : Instant.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
