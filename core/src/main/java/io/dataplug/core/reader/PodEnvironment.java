package io.dataplug.core.reader;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.slice.InvalidSliceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a workload pod of a Partitioning finds in its environment: the manifest (mounted at
 * {@value #MOUNT}, or {@code DATAPLUG_MANIFEST}), its slice ({@code JOB_COMPLETION_INDEX}), the slice count its
 * Job was made for ({@code DATAPLUG_SLICE_COUNT}) and the roots its slices may read ({@code DATAPLUG_ALLOWED_ROOTS}).
 * {@code dataplug slice get} with no flags, and Java workloads, read their own slice with it:
 * <pre>{@code
 * PodEnvironment pod = PodEnvironment.current();
 * try (DataplugReader reader = pod.open(ReaderOptions.defaults())) {
 *     DataSlice mine = pod.slice(reader);
 *     ...
 * }
 * }</pre>
 */
public record PodEnvironment(Map<String, String> env) {

    /** Where the operator mounts a Partitioning's manifest ConfigMaps (one projected volume). */
    public static final String MOUNT = "/var/run/dataplug/slices";
    public static final String MANIFEST = "DATAPLUG_MANIFEST";
    public static final String SLICE_COUNT = "DATAPLUG_SLICE_COUNT";
    public static final String ALLOWED_ROOTS = "DATAPLUG_ALLOWED_ROOTS";
    public static final String COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

    public PodEnvironment {
        env = Map.copyOf(env);
    }

    /** This process's environment. */
    public static PodEnvironment current() {
        return new PodEnvironment(System.getenv());
    }

    /** The manifest: {@code DATAPLUG_MANIFEST}, else the mounted folder when it exists. */
    public Optional<String> manifest() {
        String m = get(MANIFEST);
        if (m != null) {
            return Optional.of(m);
        }
        return Files.isDirectory(Path.of(MOUNT)) ? Optional.of(MOUNT) : Optional.empty();
    }

    /** The pod's slice: its Indexed Job completion index. */
    public int index() {
        String v = get(COMPLETION_INDEX);
        if (v == null) {
            throw new InvalidRequestException("--index not given and " + COMPLETION_INDEX + " is not set");
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(COMPLETION_INDEX + " is not a number: '" + v + "'");
        }
    }

    /** {@code DATAPLUG_ALLOWED_ROOTS}, comma-separated; empty when unset. */
    public List<String> allowedRoots() {
        String v = get(ALLOWED_ROOTS);
        return v == null ? List.of() : Arrays.stream(v.split(",")).map(String::strip).filter(r -> !r.isEmpty()).toList();
    }

    /** {@code options}, confined to the environment's allowed roots unless they name roots of their own. */
    public ReaderOptions options(ReaderOptions options) {
        List<String> roots = allowedRoots();
        return options.allowedRoots().isEmpty() && !roots.isEmpty() ? options.withAllowedRoots(roots) : options;
    }

    /** Opens the pod's manifest ({@link #manifest()}) with {@link #options(ReaderOptions)}. */
    public DataplugReader open(ReaderOptions options) {
        String manifest = manifest().orElseThrow(() -> new InvalidRequestException("no manifest: " + MANIFEST
                + " is not set and " + MOUNT + " does not exist (give --manifest)"));
        return DataplugReader.open(manifest, options(options));
    }

    /** This pod's slice of {@code reader}, checked against the slice count the pod's Job was made for. */
    public DataSlice slice(DataplugReader reader) {
        return checked(reader.slice(index()));
    }

    /**
     * Refuses a slice of another partitioning than the one the pod's Job was made for (the manifest was replaced
     * while the workload ran): its slice count differs from {@code DATAPLUG_SLICE_COUNT}.
     */
    public DataSlice checked(DataSlice slice) {
        String expected = get(SLICE_COUNT);
        if (expected != null && !expected.strip().equals(String.valueOf(slice.count()))) {
            throw new InvalidSliceException("slice " + slice.index() + " is one of " + slice.count() + " slices, but this "
                    + "pod's Job was made for " + expected.strip() + " (" + SLICE_COUNT + "): the partitioning changed "
                    + "while the workload ran");
        }
        return slice;
    }

    private String get(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
