package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.LinkedHashMap;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PartitioningSpec {

    @Required
    @JsonPropertyDescription("The CloudDataset to partition, in the same namespace.")
    public DatasetRef datasetRef;

    @Required
    @JsonPropertyDescription("Partition strategy of the dataset's format (e.g. chunks, reads-batches).")
    public String strategy;

    @JsonPropertyDescription("Strategy parameters. Unknown parameters are refused.")
    public Map<String, String> params = new LinkedHashMap<>();

    @JsonPropertyDescription("Where the manifest is published (default: ConfigMaps).")
    public OutputSpec output;

    @JsonPropertyDescription("A workload run over the slices: an Indexed Job with one pod per slice (optional).")
    public WorkloadSpec workload;
}
