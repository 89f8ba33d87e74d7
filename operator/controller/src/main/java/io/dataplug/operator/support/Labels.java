package io.dataplug.operator.support;

import io.dataplug.core.util.Hashing;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Label and annotation keys, and the deterministic names of what the operator creates. */
public final class Labels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "dataplug-operator";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String COMPONENT = "app.kubernetes.io/component";

    public static final String DATASET = "dataplug.io/dataset";
    public static final String PARTITIONING = "dataplug.io/partitioning";
    public static final String STAGE = "dataplug.io/stage";
    public static final String SPEC_HASH = "dataplug.io/spec-hash";
    public static final String PLAN_HASH = "dataplug.io/plan-hash";

    public static final String ANN_PLAN = "dataplug.io/plan";
    public static final String ANN_FINALIZE_PLAN = "dataplug.io/finalize-plan";
    public static final String ANN_TASKS = "dataplug.io/tasks";
    public static final String ANN_FINALIZE_TASKS = "dataplug.io/finalize-tasks";
    public static final String ANN_BYTES = "dataplug.io/bytes";
    public static final String ANN_OBJECTS = "dataplug.io/objects";
    public static final String ANN_ALREADY_INDEXED = "dataplug.io/already-indexed";

    public static final String STAGE_MAP = "map";
    public static final String STAGE_FINALIZE = "finalize";

    /** Kubernetes Job labels on pods (1.27+ and legacy). */
    public static final String JOB_NAME = "batch.kubernetes.io/job-name";
    public static final String LEGACY_JOB_NAME = "job-name";
    public static final String JOB_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    public static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";

    private Labels() {
    }

    /** Whether the object carries the operator's {@code managed-by} label (what its informers select). */
    public static boolean managed(HasMetadata o) {
        return o.getMetadata().getLabels() != null && MANAGER.equals(o.getMetadata().getLabels().get(MANAGED_BY));
    }

    /** {@code <dataset>-map-<hash>} / {@code <dataset>-fin-<hash>}: at most 63 characters, as pod labels require. */
    public static String jobName(String dataset, String stage, String planHash) {
        String suffix = "-" + (STAGE_MAP.equals(stage) ? "map" : "fin") + "-" + planHash;
        return truncate(dataset, 63 - suffix.length()) + suffix;
    }

    /** {@code <partitioning>-slices}, then {@code -slices-1}, {@code -slices-2}... for further shards. */
    public static String configMapName(String partitioning, int shard) {
        String suffix = shard == 0 ? "-slices" : "-slices-" + shard;
        return truncate(partitioning, 253 - suffix.length()) + suffix;
    }

    /** A label value (at most 63 characters); longer names are cut and suffixed with a hash. */
    public static String labelValue(String name) {
        if (name.length() <= 63) {
            return name;
        }
        return truncate(name, 52) + "-" + Hashing.sha256Hex(name).substring(0, 10);
    }

    private static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        String t = s.substring(0, max);
        while (t.endsWith("-") || t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
