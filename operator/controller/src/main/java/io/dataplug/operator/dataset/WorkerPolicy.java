package io.dataplug.operator.dataset;

import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.AllowList;
import io.dataplug.operator.support.Problem;

/**
 * What a tenant may choose for the pods the operator runs on its behalf: the image (the operator's worker image, or
 * one on {@code DATAPLUG_ALLOWED_IMAGES}) and the service account ({@code default}, or one on
 * {@code DATAPLUG_ALLOWED_SERVICE_ACCOUNTS}). A pod runs with its service account's cloud identity and every Secret
 * of its namespace is within its reach, so neither is left to whoever may create a dataset.
 */
public final class WorkerPolicy {

    /** The service account pods get when the spec names none. */
    public static final String DEFAULT_SERVICE_ACCOUNT = "default";

    private WorkerPolicy() {
    }

    /**
     * @param requested the spec's image, or null/blank for the operator's worker image
     * @param field     the spec field, for the message
     * @throws Problem ImageNotAllowed
     */
    public static String image(String requested, String field, OperatorConfig config) {
        if (requested == null || requested.isBlank() || requested.equals(config.workerImage())) {
            return config.workerImage();
        }
        if (!config.allowedImages().allows(requested)) {
            throw new Problem(Reason.ImageNotAllowed, field + " '" + requested + "' is not on the operator's allow-list of worker "
                    + "images (" + config.allowedImages() + "); leave it out to use " + config.workerImage()
                    + ", or ask the operator's administrator to add it to DATAPLUG_ALLOWED_IMAGES", false);
        }
        return requested;
    }

    /**
     * @param requested the spec's service account, or null/blank for the namespace's default one
     * @return the name to put in the pod spec (null for the default)
     * @throws Problem ServiceAccountNotAllowed
     */
    public static String serviceAccount(String namespace, String requested, String field, OperatorConfig config) {
        return serviceAccount(namespace, requested, field, config.allowedServiceAccounts(), "DATAPLUG_ALLOWED_SERVICE_ACCOUNTS");
    }

    /**
     * @param allowed the allow-list that applies ({@code name} or {@code namespace/name} entries)
     * @param setting the setting that holds it, for the message
     * @throws Problem ServiceAccountNotAllowed
     */
    public static String serviceAccount(String namespace, String requested, String field, AllowList allowed, String setting) {
        String name = requested == null || requested.isBlank() ? DEFAULT_SERVICE_ACCOUNT : requested;
        if (!allowed.allows(name) && !allowed.allows(namespace + "/" + name)) {
            throw new Problem(Reason.ServiceAccountNotAllowed, (requested == null || requested.isBlank()
                    ? field + " is not set, and the namespace's default service account"
                    : field + " '" + requested + "'") + " is not on the operator's allow-list of service accounts ("
                    + allowed + "); ask the operator's administrator to add '" + namespace + "/" + name + "' to " + setting, false);
        }
        return requested == null || requested.isBlank() ? null : requested;
    }
}
