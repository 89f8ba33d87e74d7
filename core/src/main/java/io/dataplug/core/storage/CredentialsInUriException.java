package io.dataplug.core.storage;

import io.dataplug.core.util.Messages;

/**
 * An object URI carries credentials ({@code s3://KEY:SECRET@bucket/key}). Refused: a URI ends up in manifests,
 * logs, status and Events. The message shows the URI with the credentials replaced by {@code ***}.
 */
public class CredentialsInUriException extends IllegalArgumentException {

    public CredentialsInUriException(String uri) {
        super("'" + Messages.safe(uri) + "' carries credentials in the URI: never put keys in a URI; give them through "
                + "a Kubernetes Secret (CloudDataset spec.source.credentialsSecret) or the AWS environment "
                + "(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, a profile or a pod identity)");
    }
}
