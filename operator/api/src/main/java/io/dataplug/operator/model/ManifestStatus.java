package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManifestStatus {

    @JsonPropertyDescription("ConfigMap or Bucket.")
    public String type;

    @JsonPropertyDescription("ConfigMaps holding the slices, in order (mount them together with a projected volume).")
    public List<String> configMaps;

    @JsonPropertyDescription("Manifest object URI (Bucket output).")
    public String uri;

    @JsonPropertyDescription("One-line summary: the first ConfigMap or the object URI.")
    public String location;
}
