package io.dataplug.operator.local;

import java.util.List;
import java.util.Map;

/** Runs one pod's container to completion, in place of a kubelet. */
@FunctionalInterface
public interface ContainerRunner {

    Result run(Launch launch);

    /** What the kubelet would start: the container's image, command, args and resolved environment. */
    record Launch(String namespace, String pod, String image, List<String> command, List<String> args, Map<String, String> env) {
    }

    /** The container's exit code and its termination message (the tail of its output). */
    record Result(int exitCode, String message) {
    }
}
