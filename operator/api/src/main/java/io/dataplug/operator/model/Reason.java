package io.dataplug.operator.model;

/**
 * Every reason the operator writes: the {@code Ready} condition's reason of both resources and the reason of their
 * Events. The names are the contract with {@code kubectl}, Argo CD health checks and users' tooling; the constant's
 * name is the wire value.
 */
public enum Reason {

    // CloudDataset Ready condition (and the Event recording the change)
    Pending(Use.CONDITION),
    Preprocessing(Use.CONDITION),
    Indexed(Use.CONDITION),
    UnknownFormat(Use.CONDITION),
    InvalidSpec(Use.CONDITION),
    SecretNotFound(Use.CONDITION),
    SourceNotFound(Use.CONDITION),
    MetadataNotFound(Use.CONDITION),
    StorageError(Use.CONDITION),
    PreprocessingFailed(Use.CONDITION),
    ReconcileError(Use.CONDITION),

    // What the operator refuses to do for a tenant (CloudDataset; the Secret ones for Partitionings too, the image and
    // service account ones also as the reason of a Partitioning's WorkloadComplete condition)
    ImageNotAllowed(Use.CONDITION),
    ServiceAccountNotAllowed(Use.CONDITION),
    CredentialsRequired(Use.CONDITION),
    SecretNotGranted(Use.CONDITION),
    NameConflict(Use.CONDITION),

    // A preprocessing Job that cannot make progress
    DeadlineExceeded(Use.CONDITION),
    ImagePullFailed(Use.CONDITION),
    ContainerConfigError(Use.CONDITION),
    Unschedulable(Use.CONDITION),

    // Partitioning Ready condition (InvalidSpec, StorageError, MetadataNotFound and ReconcileError too)
    Published(Use.CONDITION),
    DatasetNotReady(Use.CONDITION),
    UnknownStrategy(Use.CONDITION),
    IndexMissing(Use.CONDITION),
    ManifestTooLarge(Use.CONDITION),

    // Partitioning WorkloadComplete condition (and the Event recording the change)
    WorkloadRunning(Use.WORKLOAD),
    WorkloadComplete(Use.WORKLOAD),
    WorkloadFailed(Use.WORKLOAD),

    // Events only
    JobCreated(Use.EVENT),
    JobSuperseded(Use.EVENT),
    WorkloadRestarted(Use.EVENT);

    /** Where a reason appears: the Ready condition, a Partitioning's WorkloadComplete condition, Events only. */
    public enum Use { CONDITION, WORKLOAD, EVENT }

    private final Use use;

    Reason(Use use) {
        this.use = use;
    }

    public Use use() {
        return use;
    }
}
