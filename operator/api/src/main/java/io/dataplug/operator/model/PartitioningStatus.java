package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PartitioningStatus extends DataplugStatus {

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

    @JsonPropertyDescription("The workload's progress (spec.workload only); see the WorkloadComplete condition.")
    public WorkloadStatus workload;
}
