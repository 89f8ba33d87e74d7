package io.dataplug.operator.dev;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.operator.dev.api.ApiResource;
import io.dataplug.operator.dev.api.CreateHook;
import io.dataplug.operator.model.CloudDataset;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.List;

/**
 * What the dev cluster does to CloudDatasets and Secrets created with kubectl, as it does to the samples: points
 * datasets at the embedded S3 server (creating the buckets they name, a new source bucket seeded with
 * {@code samples/data}) and fills S3 credential Secrets with its keys. Runs after the front's schema check, so the
 * typed model sees only declared fields.
 */
record DevAdmission(KubernetesSerialization serialization, Path samples, DevS3 s3) implements CreateHook {

    @Override
    public ObjectNode admit(ApiResource type, ObjectNode body) throws Exception {
        Class<? extends HasMetadata> typed = switch (type.kind()) {
            case "CloudDataset" -> type.group().equals("dataplug.io") ? CloudDataset.class : null;
            case "Secret" -> type.group().isEmpty() ? Secret.class : null;
            default -> null;
        };
        if (typed == null) {
            return body;
        }
        HasMetadata object = serialization.unmarshal(body.toString(), typed);
        DevSamples.seed(List.of(object), samples, s3);
        return serialization.convertValue(DevSamples.rewrite(object, s3), ObjectNode.class);
    }
}
