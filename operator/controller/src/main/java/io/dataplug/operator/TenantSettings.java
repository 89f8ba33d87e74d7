package io.dataplug.operator;

import io.dataplug.operator.support.AllowList;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code DATAPLUG_*} settings that bound what tenants get: namespaces, allow-lists, identity, deadlines. */
final class TenantSettings {

    private TenantSettings() {
    }

    static void read(Map<String, String> env, OperatorConfig c) {
        String watch = env.get("DATAPLUG_WATCH_NAMESPACES");
        if (present(watch) && !watch.strip().equals("*")) {
            c.watchNamespaces(Arrays.stream(watch.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .collect(Collectors.toUnmodifiableSet()));
        } else {
            c.watchNamespaces(Set.of());
        }
        if (present(env.get("DATAPLUG_ALLOWED_IMAGES"))) {
            c.allowedImages(AllowList.parse(env.get("DATAPLUG_ALLOWED_IMAGES")));
        }
        if (present(env.get("DATAPLUG_ALLOWED_SERVICE_ACCOUNTS"))) {
            c.allowedServiceAccounts(AllowList.parse(env.get("DATAPLUG_ALLOWED_SERVICE_ACCOUNTS")));
        }
        if (present(env.get("DATAPLUG_WORKLOAD_IMAGES"))) {
            c.workloadImages(AllowList.parse(env.get("DATAPLUG_WORKLOAD_IMAGES")));
        }
        if (present(env.get("DATAPLUG_WORKLOAD_SERVICE_ACCOUNTS"))) {
            c.workloadServiceAccounts(AllowList.parse(env.get("DATAPLUG_WORKLOAD_SERVICE_ACCOUNTS")));
        }
        if (present(env.get("DATAPLUG_OPERATOR_IDENTITY_NAMESPACES"))) {
            c.operatorIdentityNamespaces(AllowList.parse(env.get("DATAPLUG_OPERATOR_IDENTITY_NAMESPACES")));
        }
        if (present(env.get("DATAPLUG_JOB_DEADLINE"))) {
            c.jobDeadline(positive(Duration.parse(env.get("DATAPLUG_JOB_DEADLINE")), "DATAPLUG_JOB_DEADLINE"));
        }
        if (present(env.get("DATAPLUG_STUCK_POD_TIMEOUT"))) {
            c.stuckPodTimeout(positive(Duration.parse(env.get("DATAPLUG_STUCK_POD_TIMEOUT")), "DATAPLUG_STUCK_POD_TIMEOUT"));
        }
        String sa = env.get("DATAPLUG_OPERATOR_SERVICE_ACCOUNT");
        String ns = env.get("DATAPLUG_OPERATOR_NAMESPACE");
        if (present(sa) && present(ns)) {
            c.serviceAccount(ns.strip() + ":" + sa.strip());
        }
    }

    private static Duration positive(Duration d, String name) {
        if (d.isNegative() || d.isZero() || d.toSeconds() < 1) {
            throw new IllegalArgumentException(name + " must be at least one second, got " + d);
        }
        return d;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
