package io.dataplug.operator;

import io.dataplug.core.slice.SliceLimit;
import io.dataplug.operator.model.MetadataSpec;
import io.dataplug.operator.support.AllowList;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Operator-wide settings. {@link #fromEnv} reads them from {@code DATAPLUG_*} environment variables (the
 * Deployment's ConfigMap); tests build them directly.
 */
public final class OperatorConfig {

    public static final String DEFAULT_WORKER_IMAGE = "ghcr.io/dataplug/dataplug-worker:0.1.0";

    private String workerImage = DEFAULT_WORKER_IMAGE;
    private String imagePullPolicy = "IfNotPresent";
    private MetadataSpec defaultMetadata;
    private Duration retryInterval = Duration.ofSeconds(30);
    private Duration rescanInterval = Duration.ofMinutes(10);
    private Duration jobPollInterval = Duration.ofSeconds(30);
    private int configMapShardBytes = 900 * 1024;
    private int maxConfigMaps = 64;
    private Set<String> watchNamespaces = Set.of();
    private AllowList allowedImages;
    private AllowList allowedServiceAccounts = AllowList.of("default");
    private AllowList operatorIdentityNamespaces = AllowList.NONE;
    private AllowList workloadImages = AllowList.ANY;
    private AllowList workloadServiceAccounts = AllowList.of("default");
    private Duration jobDeadline = Duration.ofHours(24);
    private Duration stuckPodTimeout = Duration.ofMinutes(5);
    private String serviceAccount = "dataplug-system:dataplug-operator";
    private long maxSlices = SliceLimit.DEFAULT_MAX;

    public static OperatorConfig fromEnv(Map<String, String> env) {
        OperatorConfig c = new OperatorConfig();
        if (present(env.get("DATAPLUG_WORKER_IMAGE"))) {
            c.workerImage = env.get("DATAPLUG_WORKER_IMAGE");
        }
        if (present(env.get("DATAPLUG_WORKER_IMAGE_PULL_POLICY"))) {
            c.imagePullPolicy = env.get("DATAPLUG_WORKER_IMAGE_PULL_POLICY");
        }
        if (present(env.get("DATAPLUG_METADATA_URI"))) {
            MetadataSpec m = new MetadataSpec();
            m.uri = env.get("DATAPLUG_METADATA_URI");
            m.endpoint = blankToNull(env.get("DATAPLUG_METADATA_ENDPOINT"));
            m.region = blankToNull(env.get("DATAPLUG_METADATA_REGION"));
            m.pathStyle = "true".equalsIgnoreCase(env.get("DATAPLUG_METADATA_PATH_STYLE")) ? Boolean.TRUE : null;
            c.defaultMetadata = m;
        }
        if (present(env.get("DATAPLUG_RETRY_INTERVAL"))) {
            c.retryInterval = Duration.parse(env.get("DATAPLUG_RETRY_INTERVAL"));
        }
        if (present(env.get("DATAPLUG_RESCAN_INTERVAL"))) {
            c.rescanInterval = Duration.parse(env.get("DATAPLUG_RESCAN_INTERVAL"));
        }
        if (present(env.get("DATAPLUG_MAX_SLICES"))) {
            c.maxSlices = Long.parseLong(env.get("DATAPLUG_MAX_SLICES").trim());
        }
        TenantSettings.read(env, c);
        return c;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String blankToNull(String s) {
        return present(s) ? s : null;
    }

    public String workerImage() {
        return workerImage;
    }

    public OperatorConfig workerImage(String image) {
        this.workerImage = image;
        return this;
    }

    public String imagePullPolicy() {
        return imagePullPolicy;
    }

    public OperatorConfig imagePullPolicy(String policy) {
        this.imagePullPolicy = policy;
        return this;
    }

    /** Metadata location for datasets that name none; may be null. */
    public MetadataSpec defaultMetadata() {
        return defaultMetadata;
    }

    public OperatorConfig defaultMetadata(MetadataSpec metadata) {
        this.defaultMetadata = metadata;
        return this;
    }

    /** How soon a dataset waiting on something outside the cluster (a Secret, a bucket) is tried again. */
    public Duration retryInterval() {
        return retryInterval;
    }

    public OperatorConfig retryInterval(Duration d) {
        this.retryInterval = d;
        return this;
    }

    /** How often a Ready dataset's source is listed again to pick up new or changed objects. */
    public Duration rescanInterval() {
        return rescanInterval;
    }

    public OperatorConfig rescanInterval(Duration d) {
        this.rescanInterval = d;
        return this;
    }

    /** Safety net while Jobs run; Job events normally trigger reconciliation first. */
    public Duration jobPollInterval() {
        return jobPollInterval;
    }

    public OperatorConfig jobPollInterval(Duration d) {
        this.jobPollInterval = d;
        return this;
    }

    /** A ConfigMap shard is closed before its data grows past this many bytes (the API limit is 1 MiB per object). */
    public int configMapShardBytes() {
        return configMapShardBytes;
    }

    public OperatorConfig configMapShardBytes(int bytes) {
        this.configMapShardBytes = bytes;
        return this;
    }

    /** Beyond this many ConfigMaps a partitioning must use bucket output. */
    public int maxConfigMaps() {
        return maxConfigMaps;
    }

    public OperatorConfig maxConfigMaps(int n) {
        this.maxConfigMaps = n;
        return this;
    }

    /** The namespaces whose resources the operator reconciles; empty: every namespace (the cluster-wide install). */
    public Set<String> watchNamespaces() {
        return watchNamespaces;
    }

    public OperatorConfig watchNamespaces(Set<String> namespaces) {
        this.watchNamespaces = Set.copyOf(namespaces);
        return this;
    }

    /** Worker images a dataset may name in {@code spec.preprocessing.image}; default: the configured worker image only. */
    public AllowList allowedImages() {
        return allowedImages != null ? allowedImages : AllowList.of(workerImage);
    }

    public OperatorConfig allowedImages(AllowList images) {
        this.allowedImages = images;
        return this;
    }

    /**
     * Service accounts a dataset's worker pods may run as: {@code name} (in the dataset's namespace) or
     * {@code namespace/name}; default: {@code default}, the namespace's default service account.
     */
    public AllowList allowedServiceAccounts() {
        return allowedServiceAccounts;
    }

    public OperatorConfig allowedServiceAccounts(AllowList accounts) {
        this.allowedServiceAccounts = accounts;
        return this;
    }

    /**
     * Images a Partitioning's {@code spec.workload.template} may run; default: any (the workload is the tenant's own
     * code, and its identity is what the service account list bounds).
     */
    public AllowList workloadImages() {
        return workloadImages;
    }

    public OperatorConfig workloadImages(AllowList images) {
        this.workloadImages = images;
        return this;
    }

    /**
     * Service accounts a Partitioning's workload pods may run as ({@code name} or {@code namespace/name}); default:
     * {@code default}, the namespace's default service account.
     */
    public AllowList workloadServiceAccounts() {
        return workloadServiceAccounts;
    }

    public OperatorConfig workloadServiceAccounts(AllowList accounts) {
        this.workloadServiceAccounts = accounts;
        return this;
    }

    /**
     * Namespaces whose datasets may use the operator's own cloud identity where they name no Secret (the explicit
     * opt-in); default none: such a dataset must be anonymous or name a Secret.
     */
    public AllowList operatorIdentityNamespaces() {
        return operatorIdentityNamespaces;
    }

    public OperatorConfig operatorIdentityNamespaces(AllowList namespaces) {
        this.operatorIdentityNamespaces = namespaces;
        return this;
    }

    /** {@code activeDeadlineSeconds} of every preprocessing Job: past it, the Job controller fails the Job. */
    public Duration jobDeadline() {
        return jobDeadline;
    }

    public OperatorConfig jobDeadline(Duration d) {
        this.jobDeadline = d;
        return this;
    }

    /** How long a pod may wait (image pull, container config, scheduling) before its dataset says why. */
    public Duration stuckPodTimeout() {
        return stuckPodTimeout;
    }

    public OperatorConfig stuckPodTimeout(Duration d) {
        this.stuckPodTimeout = d;
        return this;
    }

    /** The operator's own service account, {@code namespace:name}, as a RoleBinding names it (for messages). */
    public String serviceAccount() {
        return serviceAccount;
    }

    public OperatorConfig serviceAccount(String namespaceColonName) {
        this.serviceAccount = namespaceColonName;
        return this;
    }

    /** A Partitioning of more slices is refused (InvalidSpec) before its slices are built. */
    public SliceLimit sliceLimit() {
        return new SliceLimit(maxSlices, "the operator setting DATAPLUG_MAX_SLICES");
    }

    public OperatorConfig maxSlices(long n) {
        this.maxSlices = n;
        return this;
    }
}
