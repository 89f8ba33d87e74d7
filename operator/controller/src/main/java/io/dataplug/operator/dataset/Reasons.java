package io.dataplug.operator.dataset;

/** Condition reasons of CloudDataset and Partitioning (the contract with kubectl, Argo CD health checks and users). */
public final class Reasons {

    // CloudDataset
    public static final String INDEXED = "Indexed";
    public static final String PENDING = "Pending";
    public static final String PREPROCESSING = "Preprocessing";
    public static final String UNKNOWN_FORMAT = "UnknownFormat";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    public static final String SOURCE_NOT_FOUND = "SourceNotFound";
    public static final String METADATA_NOT_FOUND = "MetadataNotFound";
    public static final String STORAGE_ERROR = "StorageError";
    public static final String PREPROCESSING_FAILED = "PreprocessingFailed";
    public static final String RECONCILE_ERROR = "ReconcileError";

    // Partitioning
    public static final String PUBLISHED = "Published";
    public static final String DATASET_NOT_READY = "DatasetNotReady";
    public static final String UNKNOWN_STRATEGY = "UnknownStrategy";
    public static final String INDEX_MISSING = "IndexMissing";
    public static final String MANIFEST_TOO_LARGE = "ManifestTooLarge";

    // Events only
    public static final String JOB_CREATED = "JobCreated";
    public static final String JOB_ADOPTED = "JobAdopted";
    public static final String JOB_SUPERSEDED = "JobSuperseded";

    public static final String PHASE_PENDING = "Pending";
    public static final String PHASE_PREPROCESSING = "Preprocessing";
    public static final String PHASE_READY = "Ready";
    public static final String PHASE_FAILED = "Failed";

    private Reasons() {
    }
}
