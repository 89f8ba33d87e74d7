package io.dataplug.operator.dataset;

import io.dataplug.operator.model.PlanStatus;
import io.dataplug.operator.model.Progress;
import io.dataplug.operator.support.Labels;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.BitSet;

/**
 * How far a plan's Jobs are, from the Jobs alone (their annotations and completed indexes) and the plan summaries,
 * so an operator restarted mid-run reports the same progress.
 *
 * @param runningJob the Job now running: the finalize Job once it exists, else the map Job
 */
record JobProgress(Progress progress, PlanStatus plan, long bytes, Job runningJob, boolean finalizing) {

    static JobProgress of(ResolvedDataset r, Job mapJob, Job finJob, PlanSummaries summaries) {
        long mapTasks = JobState.longAnnotation(mapJob, Labels.ANN_TASKS);
        long finTasks = JobState.longAnnotation(mapJob, Labels.ANN_FINALIZE_TASKS);
        long bytes = JobState.longAnnotation(mapJob, Labels.ANN_BYTES);
        long tasksDone;
        long bytesDone;
        if (finJob != null) {
            PlanSummary fin = summaries.get(r, JobState.annotation(mapJob, Labels.ANN_FINALIZE_PLAN));
            tasksDone = mapTasks + fin.tasksIn(JobState.completedIndexes(finJob));
            bytesDone = bytes;
        } else {
            PlanSummary map = summaries.get(r, JobState.annotation(mapJob, Labels.ANN_PLAN));
            BitSet done = JobState.completedIndexes(mapJob);
            tasksDone = map.tasksIn(done);
            bytesDone = map.bytesIn(done);
        }
        PlanStatus p = new PlanStatus();
        p.hash = JobState.label(mapJob, Labels.PLAN_HASH);
        p.mapPlan = JobState.annotation(mapJob, Labels.ANN_PLAN);
        p.finalizePlan = JobState.annotation(mapJob, Labels.ANN_FINALIZE_PLAN);
        p.mapJob = mapJob.getMetadata().getName();
        p.finalizeJob = finJob != null ? finJob.getMetadata().getName() : null;
        p.objects = JobState.longAnnotation(mapJob, Labels.ANN_OBJECTS);
        p.alreadyIndexed = JobState.longAnnotation(mapJob, Labels.ANN_ALREADY_INDEXED);
        return new JobProgress(new Progress(tasksDone, mapTasks + finTasks, bytesDone, bytes), p, bytes,
                finJob != null ? finJob : mapJob, finJob != null);
    }
}
