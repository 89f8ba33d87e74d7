package io.dataplug.operator.dataset;

import io.dataplug.core.util.Sizes;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.CloudDatasetStatus;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.Progress;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.Session;
import io.dataplug.operator.support.StatusRecorder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** A CloudDataset's status transitions: first sight, preprocessing progress, indexed (Ready), problems. */
final class DatasetStatusRecorder extends StatusRecorder<CloudDataset, CloudDatasetStatus> {

    private final OperatorConfig config;

    DatasetStatusRecorder(CloudDataset ds, Session<CloudDataset> session, OperatorConfig config) {
        super(ds, session, CloudDatasetStatus::new, config.retryInterval());
        this.config = config;
    }

    /** Never reconciled: say so at once; listing a large bucket and planning may take a while. */
    boolean firstSight() {
        return status.phase == null;
    }

    UpdateControl<CloudDataset> pending() {
        phase(Phase.Pending);
        notReadyQuietly(Reason.Pending, "listing the source objects and planning");
        return save().rescheduleAfter(Duration.ofMillis(1));
    }

    /** Ready for this generation at this revision already: nothing to write until the next rescan. */
    boolean upToDate(String revision) {
        return status.phase == Phase.Ready && revision.equals(status.revision) && Objects.equals(generation, status.observedGeneration)
                && status.ready();
    }

    UpdateControl<CloudDataset> preprocessing(JobProgress p) {
        status.progress = p.progress();
        status.plan = p.plan();
        phase(Phase.Preprocessing);
        notReadyQuietly(Reason.Preprocessing, "preprocessing " + p.plan().objects + " object(s), " + Sizes.human(p.bytes()) + ": "
                + p.progress().summary + " done (" + (p.finalizing() ? "finalize Job " : "Job ") + p.runningJob().getMetadata().getName()
                + ")");
        return save().rescheduleAfter(config.jobPollInterval());
    }

    /** The inventory URI to keep: null when this revision needs a new inventory written. */
    String inventoryFor(String revision) {
        return revision.equals(status.revision) ? status.inventory : null;
    }

    /** The plan whose Jobs stay (the others are deleted once Ready). */
    String currentPlanHash() {
        return status.plan != null ? status.plan.hash : null;
    }

    UpdateControl<CloudDataset> indexed(int objects, Map<String, Long> attributes, String revision, String inventory) {
        status.inventory = inventory;
        status.revision = revision;
        status.attributes = attributes;
        status.objects = (long) objects;
        status.bytes = attributes.getOrDefault("bytes", 0L);
        status.size = Sizes.human(status.bytes);
        if (status.progress != null) {
            status.progress = new Progress(status.progress.tasksTotal, status.progress.tasksTotal, status.progress.bytesTotal,
                    status.progress.bytesTotal);
        }
        phase(Phase.Ready);
        String summary = objects + " object(s), " + status.size + " indexed" + attributes.entrySet().stream()
                .filter(e -> !e.getKey().equals("objects") && !e.getKey().equals("bytes"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", ": ", "")).replaceFirst(": $", "");
        ready(Reason.Indexed, summary);
        return save().rescheduleAfter(config.rescanInterval());
    }
}
