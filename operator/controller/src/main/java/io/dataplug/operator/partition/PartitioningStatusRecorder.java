package io.dataplug.operator.partition;

import io.dataplug.core.slice.Slice;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.DataplugStatus;
import io.dataplug.operator.model.ManifestStatus;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.PartitioningStatus;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.model.WorkloadStatus;
import io.dataplug.operator.support.Conditions;
import io.dataplug.operator.support.Session;
import io.dataplug.operator.support.StatusRecorder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.List;

/** A Partitioning's status transitions: published (Ready), waiting for its dataset, problems, its workload's progress. */
final class PartitioningStatusRecorder extends StatusRecorder<Partitioning, PartitioningStatus> {

    private final OperatorConfig config;

    PartitioningStatusRecorder(Partitioning p, Session<Partitioning> session, OperatorConfig config) {
        super(p, session, PartitioningStatus::new, config.retryInterval());
        this.config = config;
    }

    /** Records the published slices; {@link #save()} writes them. */
    void published(List<Slice> slices, ManifestStatus manifest, CloudDataset ds) {
        status.manifest = manifest;
        status.slices = slices.size();
        status.bytes = slices.stream().mapToLong(Slice::bytes).sum();
        status.datasetRevision = ds.getStatus().revision;
        status.attributes = ds.getStatus().attributes;
        phase(Phase.Ready);
        ready(Reason.Published, slices.size() + " slice(s) of CloudDataset " + ds.getMetadata().getName() + " ("
                + resource.getSpec().strategy + ") published to "
                + (manifest.uri != null ? manifest.uri : "ConfigMap(s) " + String.join(", ", manifest.configMaps)));
    }

    /**
     * The workload's progress and its WorkloadComplete condition; an Event when the condition's reason changes
     * (Warning for a failed or refused workload), not on every slice done.
     */
    void workload(WorkloadStatus progress, Reason reason, String message) {
        status.workload = progress;
        String before = Conditions.get(status, DataplugStatus.WORKLOAD_COMPLETE).map(c -> c.getReason()).orElse(null);
        Conditions.set(status, DataplugStatus.WORKLOAD_COMPLETE, reason == Reason.WorkloadComplete, reason, message, generation);
        if (!reason.name().equals(before)) {
            if (reason != Reason.WorkloadRunning && reason != Reason.WorkloadComplete) {
                events.warning(resource, reason, message);
            } else {
                events.normal(resource, reason, message);
            }
        }
    }

    /** Keep policy: new slices wait for the running Job (recorded after its progress). */
    UpdateControl<Partitioning> repartitionHeld() {
        if (status.workload != null) {
            status.workload.repartitionPending = true;
        }
        return save().rescheduleAfter(config.retryInterval());
    }

    /** No spec.workload (any more). */
    void noWorkload() {
        status.workload = null;
        status.conditions().removeIf(c -> DataplugStatus.WORKLOAD_COMPLETE.equals(c.getType()));
    }
}
