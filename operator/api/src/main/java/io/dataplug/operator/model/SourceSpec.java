package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceSpec {

    @Required
    @Pattern("^s3://[^/]+(/.*)?$")
    @JsonPropertyDescription("s3://bucket/key for one object, or s3://bucket/prefix/ (trailing slash) for every object under the prefix.")
    public String uri;

    @JsonPropertyDescription("Glob patterns matched against each key relative to the prefix ('*' stays within one '/' level, '**' crosses levels). Empty: every object.")
    public List<String> include = new ArrayList<>();

    @JsonPropertyDescription("S3 endpoint URL for non-AWS stores (MinIO, Ceph RGW, GCS interop).")
    public String endpoint;

    @JsonPropertyDescription("S3 region.")
    public String region;

    @JsonPropertyDescription("Path-style addressing (most non-AWS stores).")
    public Boolean pathStyle;

    @JsonPropertyDescription("Unsigned requests, for public open-data buckets.")
    public Boolean anonymous;

    @JsonPropertyDescription("Accept requester-pays charges.")
    public Boolean requesterPays;

    @JsonPropertyDescription("Secret with S3 credentials for the source, read by the operator once the namespace grants it (a Role naming it) and given to the workers by reference. Without it: anonymous, or the workers' own identity (their service account); the operator then uses its own only where its administrator allows it for the namespace (else CredentialsRequired).")
    public SecretRef credentialsSecret;
}
