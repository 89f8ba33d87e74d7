package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CloudDatasetStatus extends DataplugStatus {

    @JsonPropertyDescription("Progress of the current preprocessing run.")
    public Progress progress;

    @JsonPropertyDescription("Indexed objects.")
    public Long objects;

    @JsonPropertyDescription("Total bytes of the indexed objects.")
    public Long bytes;

    @JsonPropertyDescription("Total size, human readable.")
    public String size;

    @JsonPropertyDescription("Dataset attributes: objects, bytes and the per-object attributes as the format combines them (counts summed: rows, lines, sequences...; an image's width only when every object has the same).")
    public Map<String, Long> attributes;

    @JsonPropertyDescription("Identifies the set of indexed objects (URIs and ETags) and format options; changes when the dataset is re-indexed.")
    public String revision;

    @JsonPropertyDescription("The inventory of indexed objects that partitionings read (metadata store URI).")
    public String inventory;

    @JsonPropertyDescription("The current or last preprocessing plan and its Jobs.")
    public PlanStatus plan;
}
