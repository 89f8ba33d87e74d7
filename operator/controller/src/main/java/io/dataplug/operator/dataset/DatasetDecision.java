package io.dataplug.operator.dataset;

import io.dataplug.operator.support.StuckPods.StuckPod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a reconciliation of a dataset does next, decided from its Jobs (and the running Job's pods) alone: a running
 * Job is followed (or its stuck pod reported), a failed one reported, a finished map Job gets its finalize Job,
 * before anything reads the source or the metadata store.
 */
public sealed interface DatasetDecision {

    /** A Job of the current spec runs: report its progress. {@code finalizeJob} is null while the map Job runs. */
    record Track(Job mapJob, Job finalizeJob) implements DatasetDecision {
    }

    /** A running Job's pod waits for what may never come (an image, a Secret, a node): say so, keep the Job. */
    record Stuck(Job job, StuckPod pod) implements DatasetDecision {
    }

    /** A Job of the current spec failed: the dataset fails with the Job's first failure, until the Job is deleted. */
    record ReportFailure(Job job) implements DatasetDecision {
    }

    /** The map Job completed and its plan has finalize tasks, but no finalize Job exists yet: create it. */
    record StartFinalize(Job mapJob) implements DatasetDecision {
    }

    /** Nothing runs: list the source and plan (which ends Ready, or starts a map Job). */
    record Plan() implements DatasetDecision {
    }

    /** The decision when no pod is stuck. */
    static DatasetDecision decide(DatasetJobs jobs) {
        return decide(jobs, j -> Optional.empty());
    }

    /**
     * @param stuck the first stuck pod of a running Job, as observed
     */
    static DatasetDecision decide(DatasetJobs jobs, Function<Job, Optional<StuckPod>> stuck) {
        Optional<Job> running = jobs.runningFinalize().or(jobs::runningMap);
        Optional<StuckPod> waiting = running.flatMap(stuck);
        if (waiting.isPresent()) {
            return new Stuck(running.get(), waiting.get());
        }
        if (jobs.runningMap().isPresent()) {
            return new Track(jobs.runningMap().get(), jobs.runningFinalize().orElse(null));
        }
        if (jobs.runningFinalize().isPresent()) {
            return new Track(jobs.mapJobOf(jobs.runningFinalize().get()), jobs.runningFinalize().get());
        }
        if (jobs.failed().isPresent()) {
            return new ReportFailure(jobs.failed().get());
        }
        if (jobs.awaitingFinalize().isPresent()) {
            return new StartFinalize(jobs.awaitingFinalize().get());
        }
        return new Plan();
    }
}
