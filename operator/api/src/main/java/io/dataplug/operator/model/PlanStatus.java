package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlanStatus {

    @JsonPropertyDescription("Content hash of the plan; Job names end with it.")
    public String hash;

    @JsonPropertyDescription("Task plan of the map Job (metadata store URI).")
    public String mapPlan;

    @JsonPropertyDescription("Task plan of the finalize Job, when the format needs one.")
    public String finalizePlan;

    @JsonPropertyDescription("Name of the map (indexing) Job.")
    public String mapJob;

    @JsonPropertyDescription("Name of the finalize Job, once created.")
    public String finalizeJob;

    @JsonPropertyDescription("Objects this plan indexes.")
    public Long objects;

    @JsonPropertyDescription("Objects already indexed at their current ETag (skipped).")
    public Long alreadyIndexed;
}
