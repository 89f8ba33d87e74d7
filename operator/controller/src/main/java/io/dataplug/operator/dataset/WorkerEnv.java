package io.dataplug.operator.dataset;

import io.dataplug.core.slice.StoreRoot;
import io.dataplug.operator.model.SecretRef;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The environment of every pod the operator runs for a dataset (preprocessing workers, and workload pods that
 * evaluate its slices): S3 keys by reference to the dataset's Secret (the kubelet resolves them; their values never
 * pass through the operator), or none, so the pod uses its service account's cloud identity; and
 * {@code DATAPLUG_ALLOWED_ROOTS}, the dataset's source and metadata roots, which the CLI's {@code ReadPolicy} takes
 * as its trust anchor: a mounted manifest counts as local and declares its own roots, so without it an edited
 * ConfigMap could point a pod's credentials at any object.
 */
public final class WorkerEnv {

    public static final String ALLOWED_ROOTS = "DATAPLUG_ALLOWED_ROOTS";

    private WorkerEnv() {
    }

    /** Credentials (when the dataset names a Secret) and the allowed roots. */
    public static List<EnvVar> forDataset(ResolvedDataset r) {
        List<EnvVar> env = new ArrayList<>(credentials(r.workerSecret()));
        env.add(allowedRoots(r));
        return env;
    }

    /** {@code AWS_*} from the Secret's keys ({@code AWS_SESSION_TOKEN} optional); nothing when {@code secret} is null. */
    public static List<EnvVar> credentials(SecretRef secret) {
        if (secret == null) {
            return List.of();
        }
        return List.of(secretEnv("AWS_ACCESS_KEY_ID", secret.name, secret.accessKeyIdKey(), false),
                secretEnv("AWS_SECRET_ACCESS_KEY", secret.name, secret.secretAccessKeyKey(), false),
                secretEnv("AWS_SESSION_TOKEN", secret.name, secret.sessionTokenKey(), true));
    }

    /** {@code DATAPLUG_ALLOWED_ROOTS}: the source (its object, or its prefix ending in '/') and the metadata root. */
    public static EnvVar allowedRoots(ResolvedDataset r) {
        return new EnvVar(ALLOWED_ROOTS, String.join(",", roots(r)), null);
    }

    /** The roots as the slices of this dataset declare them (no URI holds a ',': {@link ResolvedDataset} refuses it). */
    public static List<String> roots(ResolvedDataset r) {
        return List.of(StoreRoot.of(r.source(), r.prefix(), r.sourceStorage()).uri(),
                StoreRoot.of(r.metadataRoot(), true, r.metadataStorage()).uri());
    }

    private static EnvVar secretEnv(String name, String secret, String key, boolean optional) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey(key).withOptional(optional ? Boolean.TRUE : null).endSecretKeyRef().endValueFrom().build();
    }
}
