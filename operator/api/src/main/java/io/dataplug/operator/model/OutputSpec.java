package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutputSpec {

    public enum Type { ConfigMap, Bucket }

    @JsonPropertyDescription("ConfigMap: ConfigMap(s) <name>-slices with one key per slice (slice-00000.json...) plus manifest.json, sharded as "
            + "<name>-slices-1... when large. Bucket: one JSON Lines object in the metadata store, for very large partitionings.")
    public Type type;

    @Pattern("^s3://[^/]+/.+$")
    @JsonPropertyDescription("Bucket output only: the manifest object (default <metadata root>/dataplug-v2/manifests/<namespace>/<name>.jsonl). Never with keys in it (InvalidSpec): it is written with the dataset's metadata store credentials.")
    public String uri;

    public Type type() {
        return type == null ? Type.ConfigMap : type;
    }
}
