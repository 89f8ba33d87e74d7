package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PartitioningStatus implements HasConditions {

    @JsonPropertyDescription("Pending, Ready or Failed.")
    public String phase;

    @JsonPropertyDescription("The spec generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Standard conditions; Ready is True once the manifest is published.")
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Number of slices.")
    public Integer slices;

    @JsonPropertyDescription("Source bytes covered by the slices.")
    public Long bytes;

    @JsonPropertyDescription("Where the manifest is.")
    public ManifestStatus manifest;

    @JsonPropertyDescription("The dataset revision the slices were computed from.")
    public String datasetRevision;

    @JsonPropertyDescription("The dataset's attributes at that revision.")
    public Map<String, Long> attributes;

    @Override
    public List<Condition> conditions() {
        if (conditions == null) {
            conditions = new ArrayList<>();
        }
        return conditions;
    }
}
