package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Secret in the resource's namespace holding S3 credentials. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretRef {

    public static final String DEFAULT_ACCESS_KEY_ID_KEY = "AWS_ACCESS_KEY_ID";
    public static final String DEFAULT_SECRET_ACCESS_KEY_KEY = "AWS_SECRET_ACCESS_KEY";
    public static final String DEFAULT_SESSION_TOKEN_KEY = "AWS_SESSION_TOKEN";

    @Required
    @JsonPropertyDescription("Secret name, in the same namespace.")
    public String name;

    @JsonPropertyDescription("Key holding the access key id (default AWS_ACCESS_KEY_ID).")
    public String accessKeyIdKey;

    @JsonPropertyDescription("Key holding the secret access key (default AWS_SECRET_ACCESS_KEY).")
    public String secretAccessKeyKey;

    @JsonPropertyDescription("Key holding a session token, used when present (default AWS_SESSION_TOKEN).")
    public String sessionTokenKey;

    public SecretRef() {
    }

    public SecretRef(String name) {
        this.name = name;
    }

    public String accessKeyIdKey() {
        return accessKeyIdKey != null && !accessKeyIdKey.isBlank() ? accessKeyIdKey : DEFAULT_ACCESS_KEY_ID_KEY;
    }

    public String secretAccessKeyKey() {
        return secretAccessKeyKey != null && !secretAccessKeyKey.isBlank() ? secretAccessKeyKey : DEFAULT_SECRET_ACCESS_KEY_KEY;
    }

    public String sessionTokenKey() {
        return sessionTokenKey != null && !sessionTokenKey.isBlank() ? sessionTokenKey : DEFAULT_SESSION_TOKEN_KEY;
    }
}
