package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetadataSpec {

    @Pattern("^s3://[^/]+(/.*)?$")
    @JsonPropertyDescription("Metadata root, s3://bucket/prefix/. Indexes are keyed by object and ETag, so several datasets may share a root.")
    public String uri;

    @JsonPropertyDescription("S3 endpoint URL of the metadata store.")
    public String endpoint;

    @JsonPropertyDescription("S3 region of the metadata store.")
    public String region;

    @JsonPropertyDescription("Path-style addressing for the metadata store.")
    public Boolean pathStyle;

    @JsonPropertyDescription("Secret with S3 credentials for the metadata store (read and write).")
    public SecretRef credentialsSecret;
}
