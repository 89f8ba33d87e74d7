package io.dataplug.operator.partition;

import io.dataplug.core.slice.Slice;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.ManifestStatus;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.PartitioningStatus;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.Session;
import io.dataplug.operator.support.StatusRecorder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.List;

/** A Partitioning's status transitions: published (Ready), waiting for its dataset, problems. */
final class PartitioningStatusRecorder extends StatusRecorder<Partitioning, PartitioningStatus> {

    PartitioningStatusRecorder(Partitioning p, Session<Partitioning> session, OperatorConfig config) {
        super(p, session, PartitioningStatus::new, config.retryInterval());
    }

    UpdateControl<Partitioning> published(List<Slice> slices, ManifestStatus manifest, CloudDataset ds) {
        status.manifest = manifest;
        status.slices = slices.size();
        status.bytes = slices.stream().mapToLong(Slice::bytes).sum();
        status.datasetRevision = ds.getStatus().revision;
        status.attributes = ds.getStatus().attributes;
        phase(Phase.Ready);
        ready(Reason.Published, slices.size() + " slice(s) of CloudDataset " + ds.getMetadata().getName() + " ("
                + resource.getSpec().strategy + ") published to "
                + (manifest.uri != null ? manifest.uri : "ConfigMap(s) " + String.join(", ", manifest.configMaps)));
        return save();
    }
}
