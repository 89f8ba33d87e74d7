package io.dataplug.operator.dataset;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.UnknownFormatException;
import io.dataplug.core.format.Params;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.util.Hashing;
import io.dataplug.core.util.Json;
import io.dataplug.core.util.Sizes;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.CloudDatasetSpec;
import io.dataplug.operator.model.MetadataSpec;
import io.dataplug.operator.model.PreprocessingSpec;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.model.SecretRef;
import io.dataplug.operator.model.SourceSpec;
import io.dataplug.operator.support.Globs;
import io.dataplug.operator.support.Problem;
import io.dataplug.operator.support.StorageAccess;
import io.dataplug.operator.support.StorageAccess.Credentials;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A CloudDataset's spec, validated, with defaults applied and credentials resolved. */
public record ResolvedDataset(String namespace, String name, Format<?, ?, ?> format, Params options,
                              ObjectLocation source, boolean prefix, Globs include, StorageOptions sourceStorage,
                              Credentials sourceCredentials,
                              ObjectLocation metadataRoot, StorageOptions metadataStorage, Credentials metadataCredentials,
                              SecretRef workerSecret,
                              long chunkSize, long bytesPerWorker, int maxWorkers, int maxTasksPerGroup, int retries,
                              ResourceRequirements resources, String image, String serviceAccountName, String specHash) {

    public static final long DEFAULT_CHUNK_SIZE = 64L << 20;
    public static final long DEFAULT_BYTES_PER_WORKER = 1L << 30;
    public static final int DEFAULT_MAX_WORKERS = 16;
    public static final int DEFAULT_MAX_TASKS_PER_GROUP = 1000;
    public static final int DEFAULT_RETRIES = 2;

    /**
     * @throws Problem UnknownFormat, InvalidSpec, ImageNotAllowed, ServiceAccountNotAllowed, CredentialsRequired,
     *                 SecretNotFound or SecretNotGranted
     */
    public static ResolvedDataset resolve(CloudDataset ds, OperatorConfig config, StorageAccess access) {
        String ns = ds.getMetadata().getNamespace();
        String name = ds.getMetadata().getName();
        CloudDatasetSpec spec = ds.getSpec();
        if (spec == null || spec.format == null || spec.format.isBlank()) {
            throw invalid("spec.format is required");
        }
        Format<?, ?, ?> format;
        try {
            format = Formats.get(spec.format);
        } catch (UnknownFormatException e) {
            throw new Problem(Reason.UnknownFormat, e.getMessage(), false);
        }
        Params options;
        try {
            options = Params.parse(format.options(), spec.formatOptions == null ? Map.of() : spec.formatOptions,
                    "format " + format.name());
        } catch (InvalidRequestException e) {
            throw invalid("spec.formatOptions: " + e.getMessage());
        }

        SourceSpec src = spec.source;
        if (src == null || src.uri == null || !src.uri.startsWith("s3://")) {
            throw invalid("spec.source.uri must be s3://bucket/key or s3://bucket/prefix/");
        }
        ObjectLocation source = parse(src.uri, "spec.source.uri");
        boolean prefix = source.key().isEmpty() || source.key().endsWith("/");
        Globs include;
        try {
            include = new Globs(src.include);
        } catch (IllegalArgumentException e) {
            throw invalid("spec.source.include: " + e.getMessage());
        }
        if (!prefix && src.include != null && !src.include.isEmpty()) {
            throw invalid("spec.source.include needs a prefix URI ending in '/', got " + src.uri);
        }
        boolean anonymous = Boolean.TRUE.equals(src.anonymous);
        if (anonymous && src.credentialsSecret != null) {
            throw invalid("spec.source: anonymous and credentialsSecret exclude each other");
        }
        StorageOptions sourceStorage = new StorageOptions(blank(src.endpoint), blank(src.region), Boolean.TRUE.equals(src.pathStyle),
                anonymous, Boolean.TRUE.equals(src.requesterPays));

        MetadataSpec meta = spec.metadata != null && spec.metadata.uri != null ? spec.metadata : config.defaultMetadata();
        if (meta == null || meta.uri == null) {
            throw invalid("spec.metadata.uri is required (the operator has no default metadata location)");
        }
        if (!meta.uri.startsWith("s3://")) {
            throw invalid("spec.metadata.uri must be s3://bucket/prefix/, got " + meta.uri);
        }
        ObjectLocation metadataRoot = parse(meta.uri.endsWith("/") ? meta.uri : meta.uri + "/", "spec.metadata.uri");
        StorageOptions metadataStorage = new StorageOptions(blank(meta.endpoint), blank(meta.region), Boolean.TRUE.equals(meta.pathStyle),
                false, false);
        SecretRef metaSecret = meta.credentialsSecret;
        SecretRef workerSecret = metaSecret != null ? metaSecret : src.credentialsSecret;
        if (metaSecret != null && src.credentialsSecret != null && !sameSecret(metaSecret, src.credentialsSecret)) {
            throw invalid("spec.source.credentialsSecret and spec.metadata.credentialsSecret must name the same Secret and keys: "
                    + "worker pods use one set of S3 credentials");
        }

        PreprocessingSpec pre = spec.preprocessing != null ? spec.preprocessing : new PreprocessingSpec();
        long chunkSize = bytes(pre.chunkSize, DEFAULT_CHUNK_SIZE, "spec.preprocessing.chunkSize");
        long bytesPerWorker = bytes(pre.bytesPerWorker, DEFAULT_BYTES_PER_WORKER, "spec.preprocessing.bytesPerWorker");
        int maxWorkers = positive(pre.maxWorkers, DEFAULT_MAX_WORKERS, "spec.preprocessing.maxWorkers");
        int maxTasks = positive(pre.maxTasksPerGroup, DEFAULT_MAX_TASKS_PER_GROUP, "spec.preprocessing.maxTasksPerGroup");
        int retries = pre.retries == null ? DEFAULT_RETRIES : pre.retries;
        if (retries < 0) {
            throw invalid("spec.preprocessing.retries must be >= 0, got " + retries);
        }
        String image = WorkerPolicy.image(pre.image, "spec.preprocessing.image", config);
        String serviceAccount = WorkerPolicy.serviceAccount(ns, pre.serviceAccountName, "spec.preprocessing.serviceAccountName", config);
        DatasetCredentials creds = DatasetCredentials.resolve(ns, src, meta, meta != spec.metadata, config, access);

        Map<String, Object> hashed = new TreeMap<>();
        hashed.put("spec", spec);
        hashed.put("metadata", meta);
        hashed.put("image", image);
        String specHash = Hashing.sha256Hex(Json.string(hashed)).substring(0, 10);

        return new ResolvedDataset(ns, name, format, options, source, prefix, include, sourceStorage, creds.source(),
                metadataRoot, metadataStorage, creds.metadata(), workerSecret, chunkSize, bytesPerWorker, maxWorkers, maxTasks, retries,
                pre.resources, image, serviceAccount, specHash);
    }

    private static boolean sameSecret(SecretRef a, SecretRef b) {
        return Objects.equals(a.name, b.name) && a.accessKeyIdKey().equals(b.accessKeyIdKey())
                && a.secretAccessKeyKey().equals(b.secretAccessKeyKey()) && a.sessionTokenKey().equals(b.sessionTokenKey());
    }

    private static ObjectLocation parse(String uri, String field) {
        if (uri.contains(",")) {
            // Pods get the dataset's roots as one comma-separated DATAPLUG_ALLOWED_ROOTS (see WorkerEnv).
            throw invalid(field + " must not contain ',': " + uri);
        }
        try {
            return ObjectLocation.parse(uri);
        } catch (IllegalArgumentException e) {
            throw invalid(field + ": " + e.getMessage());
        }
    }

    /** The CLI's size syntax (Sizes), so that a size means the same in a CRD and on the command line. */
    private static long bytes(Quantity q, long dflt, String field) {
        if (q == null) {
            return dflt;
        }
        long v;
        try {
            v = Sizes.parse(q.toString());
        } catch (NumberFormatException e) {
            throw invalid(field + ": " + e.getMessage());
        }
        if (v <= 0) {
            throw invalid(field + " must be positive, got " + q);
        }
        return v;
    }

    private static int positive(Integer v, int dflt, String field) {
        if (v == null) {
            return dflt;
        }
        if (v < 1) {
            throw invalid(field + " must be at least 1, got " + v);
        }
        return v;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Problem invalid(String message) {
        return new Problem(Reason.InvalidSpec, message, false);
    }
}
