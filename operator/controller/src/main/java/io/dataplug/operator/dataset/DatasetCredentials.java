package io.dataplug.operator.dataset;

import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.model.MetadataSpec;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.model.SourceSpec;
import io.dataplug.operator.support.Problem;
import io.dataplug.operator.support.StorageAccess;
import io.dataplug.operator.support.StorageAccess.Credentials;

/**
 * The credentials the operator itself uses for a dataset's stores (to list the source, write plans, read indexes).
 * A store is reached anonymously, with the keys of the Secret the dataset names, or, where it names none, with the
 * operator's own cloud identity only if the operator's administrator lent it to the dataset's namespace
 * ({@code DATAPLUG_OPERATOR_IDENTITY_NAMESPACES}); otherwise the dataset is refused ({@code CredentialsRequired}),
 * so that nobody reads a bucket through the operator that their own identity cannot read. The operator's default
 * metadata store is the operator's own: its identity is used there unless the dataset's Secret is.
 *
 * @param source   null: anonymous, or the operator's identity
 * @param metadata null: the operator's identity
 */
record DatasetCredentials(Credentials source, Credentials metadata) {

    /**
     * @param metaIsDefault whether the metadata store is the operator's default one (the spec names none)
     * @throws Problem SecretNotFound, SecretNotGranted (both retried) or CredentialsRequired
     */
    static DatasetCredentials resolve(String ns, SourceSpec src, MetadataSpec meta, boolean metaIsDefault, OperatorConfig config,
                                      StorageAccess access) {
        try {
            Credentials source = null;
            if (src.credentialsSecret != null) {
                source = access.credentials(ns, src.credentialsSecret, "spec.source");
            } else if (!Boolean.TRUE.equals(src.anonymous)) {
                operatorIdentity(ns, "spec.source", config);
            }
            Credentials metadata;
            if (meta.credentialsSecret != null) {
                metadata = access.credentials(ns, meta.credentialsSecret, "spec.metadata");
            } else if (source != null) {
                metadata = source;
            } else {
                if (!metaIsDefault) {
                    operatorIdentity(ns, "spec.metadata", config);
                }
                metadata = null;
            }
            return new DatasetCredentials(source, metadata);
        } catch (StorageAccess.SecretProblem e) {
            throw new Problem(Reason.SecretNotFound, e.getMessage(), true);
        } catch (StorageAccess.SecretNotGranted e) {
            throw new Problem(Reason.SecretNotGranted, e.getMessage() + ": it holds no standing right to read Secrets; grant it "
                    + "this one, e.g. " + grantCommand(e.namespace(), e.secret(), config.serviceAccount()), true);
        }
    }

    private static void operatorIdentity(String ns, String field, OperatorConfig config) {
        if (!config.operatorIdentityNamespaces().allows(ns)) {
            throw new Problem(Reason.CredentialsRequired, field + " names no credentialsSecret"
                    + (field.equals("spec.source") ? " and is not anonymous" : "") + ", and the operator does not lend its own "
                    + "cloud identity to namespace " + ns + ": name a Secret with the S3 keys (worker pods get it too)"
                    + (field.equals("spec.source") ? ", set anonymous: true for a public bucket," : "")
                    + " or ask the operator's administrator to add " + ns + " to DATAPLUG_OPERATOR_IDENTITY_NAMESPACES", false);
        }
    }

    /** The two commands that let the operator read exactly one Secret of a namespace. */
    static String grantCommand(String ns, String secret, String operatorServiceAccount) {
        String role = "dataplug-read-" + secret;
        return "kubectl -n " + ns + " create role " + role + " --verb=get --resource=secrets --resource-name=" + secret
                + " && kubectl -n " + ns + " create rolebinding " + role + " --role=" + role + " --serviceaccount="
                + operatorServiceAccount;
    }
}
