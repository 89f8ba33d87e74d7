package io.dataplug.operator.partition;

import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.dataset.WorkerPolicy;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.Problem;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;

/**
 * What a Partitioning's workload template may choose for the pods the operator creates for it: images on
 * {@code DATAPLUG_WORKLOAD_IMAGES} (default any: the workload is the tenant's own code) and a service account on
 * {@code DATAPLUG_WORKLOAD_SERVICE_ACCOUNTS} (default: the namespace's {@code default}). The service account is the
 * pod's cloud identity and API rights, so writing a Partitioning must not lend any account of the namespace.
 */
final class WorkloadPolicy {

    static final String FIELD = "spec.workload.template.spec";

    private WorkloadPolicy() {
    }

    /** @throws Problem ImageNotAllowed or ServiceAccountNotAllowed, for the first container or field refused */
    static void check(String namespace, PodSpec pod, OperatorConfig config) {
        images("initContainers", pod.getInitContainers(), config);
        images("containers", pod.getContainers(), config);
        WorkerPolicy.serviceAccount(namespace, pod.getServiceAccountName(), FIELD + ".serviceAccountName",
                config.workloadServiceAccounts(), "DATAPLUG_WORKLOAD_SERVICE_ACCOUNTS");
        String deprecated = pod.getServiceAccount(); // Kubernetes falls back to it when serviceAccountName is unset
        if (deprecated != null && !deprecated.isBlank()) {
            WorkerPolicy.serviceAccount(namespace, deprecated, FIELD + ".serviceAccount", config.workloadServiceAccounts(),
                    "DATAPLUG_WORKLOAD_SERVICE_ACCOUNTS");
        }
    }

    private static void images(String list, List<Container> containers, OperatorConfig config) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            String image = containers.get(i).getImage();
            // A container without an image is the API server's to refuse (WorkloadFailed with its message).
            if (image != null && !image.isBlank() && !config.workloadImages().allows(image)) {
                throw new Problem(Reason.ImageNotAllowed, FIELD + "." + list + "[" + i + "].image '" + image + "' is not on the "
                        + "operator's allow-list of workload images (" + config.workloadImages() + "); ask the operator's "
                        + "administrator to add it to DATAPLUG_WORKLOAD_IMAGES", false);
            }
        }
    }
}
