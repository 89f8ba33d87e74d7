package io.dataplug.operator.partition;

import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.DataplugStatus;
import io.dataplug.operator.model.OutputSpec;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.PartitioningStatus;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a reconciliation of a partitioning does next, decided from the partitioning and its dataset as observed:
 * keep what is published, wait for the dataset, or compute and publish the slices.
 */
sealed interface PartitioningDecision {

    /** The published manifest is for this spec and the dataset's current revision (or the dataset re-indexes). */
    record KeepPublished() implements PartitioningDecision {
    }

    /** The dataset is missing or not Ready; {@code state} says how it is. */
    record WaitForDataset(String state) implements PartitioningDecision {
    }

    /** The dataset is Ready and the published slices (if any) are stale. */
    record Publish(CloudDataset dataset) implements PartitioningDecision {
    }

    /**
     * @param ds              the dataset the spec names, null when it does not exist
     * @param manifestPresent whether the published manifest's ConfigMaps or object still exist (asked only when all
     *                        else says the manifest is current)
     */
    static PartitioningDecision decide(Partitioning p, CloudDataset ds, Predicate<PartitioningStatus> manifestPresent) {
        PartitioningStatus st = p.getStatus();
        Long generation = p.getMetadata().getGeneration();
        boolean published = st != null && st.manifest != null && st.ready();
        boolean sameGeneration = st != null && Objects.equals(generation, st.observedGeneration);
        if (ds == null || ds.getStatus() == null || !ds.getStatus().ready() || ds.getStatus().inventory == null) {
            if (published && ds != null && sameGeneration) {
                // Re-indexing (or a passing problem): the published slices stay valid for the revision they name.
                return new KeepPublished();
            }
            return new WaitForDataset(datasetState(p.getSpec().datasetRef.name, p.getMetadata().getNamespace(), ds));
        }
        if (published && sameGeneration && Objects.equals(ds.getStatus().revision, st.datasetRevision) && manifestPresent.test(st)) {
            return new KeepPublished();
        }
        return new Publish(ds);
    }

    static OutputSpec.Type output(Partitioning p) {
        return p.getSpec().output == null ? OutputSpec.Type.ConfigMap : p.getSpec().output.type();
    }

    private static String datasetState(String dsName, String ns, CloudDataset ds) {
        if (ds == null) {
            return "CloudDataset " + dsName + " not found in namespace " + ns;
        }
        var ready = ds.getStatus() == null ? null : ds.getStatus().condition(DataplugStatus.READY).orElse(null);
        String phase = ds.getStatus() == null || ds.getStatus().phase == null ? "Pending" : ds.getStatus().phase.name();
        return "CloudDataset " + dsName + " is " + phase + (ready != null ? " (" + ready.getReason() + ": " + ready.getMessage() + ")" : "");
    }
}
