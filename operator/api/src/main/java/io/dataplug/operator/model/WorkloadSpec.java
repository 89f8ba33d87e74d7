package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * A workload that runs the partitioning's slices: an Indexed Job with one completion per slice, made by the operator
 * from this pod template (docs/operator.md#workloads).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkloadSpec {

    /** What happens to a running workload when the slices change (spec or dataset revision). */
    public enum RepartitionPolicy {
        /** Stop the running Job, publish the new slices, run them all. */
        Restart,
        /** Let the running Job finish on the slices it started with; publish the new ones and run them afterwards. */
        Keep
    }

    @Required
    @PreserveUnknownFields
    @SchemaFrom(type = Object.class)
    @JsonPropertyDescription("Pod template of the Job's pods (a batch/v1 Job's spec.template: containers, env, resources, volumes, "
            + "serviceAccountName, nodeSelector, tolerations...). Each pod gets its slice's manifest at /var/run/dataplug/slices "
            + "(ConfigMap output, one projected volume over all shards) or DATAPLUG_MANIFEST (Bucket output), "
            + "JOB_COMPLETION_INDEX and DATAPLUG_SLICE_COUNT, so `dataplug slice get` with no flags reads its own slice. "
            + "Restricted security defaults apply where the template sets none. Its serviceAccountName must be on the operator's "
            + "DATAPLUG_WORKLOAD_SERVICE_ACCOUNTS (default: only the namespace's default) and its images on "
            + "DATAPLUG_WORKLOAD_IMAGES (default: any), else no Job is made (ServiceAccountNotAllowed, ImageNotAllowed).")
    public PodTemplateSpec template;

    @Min(1)
    @JsonPropertyDescription("Pods running at once (default: every slice at once).")
    public Integer parallelism;

    @Min(0)
    @JsonPropertyDescription("Retries of a failed slice before it counts as failed (default 1).")
    public Integer backoffLimitPerIndex;

    @Min(0)
    @JsonPropertyDescription("Failed slices tolerated before the whole Job fails (default: none).")
    public Integer maxFailedIndexes;

    @JsonPropertyDescription("When the slices change while the workload runs: Restart (default) stops it and runs the new "
            + "slices; Keep lets it finish on the slices it started with, then publishes and runs the new ones.")
    public RepartitionPolicy onRepartition;

    public RepartitionPolicy onRepartition() {
        return onRepartition == null ? RepartitionPolicy.Restart : onRepartition;
    }
}
