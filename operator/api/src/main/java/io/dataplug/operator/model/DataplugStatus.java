package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What both resources' status carries (as Strimzi's {@code Status} base): the phase, the spec generation the status
 * describes, and standard conditions, of which {@code Ready} is the one {@code kubectl wait} and Argo CD read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class DataplugStatus {

    /** The condition type that says whether the resource did what its spec asks. */
    public static final String READY = "Ready";
    /** Partitionings with a workload: whether every slice's pod has succeeded. */
    public static final String WORKLOAD_COMPLETE = "WorkloadComplete";

    @JsonPropertyDescription("Pending, Preprocessing (CloudDataset), Ready or Failed.")
    public Phase phase;

    @JsonPropertyDescription("The spec generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Standard conditions; Ready says whether the resource is usable, with a reason and message.")
    public List<Condition> conditions = new ArrayList<>();

    /** The conditions, never null (a status read from the API server may have none). */
    public List<Condition> conditions() {
        if (conditions == null) {
            conditions = new ArrayList<>();
        }
        return conditions;
    }

    public Optional<Condition> condition(String type) {
        return conditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** True when the {@code Ready} condition is True. */
    public boolean ready() {
        return condition(READY).map(c -> "True".equals(c.getStatus())).orElse(false);
    }
}
