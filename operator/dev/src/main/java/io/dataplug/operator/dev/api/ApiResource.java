package io.dataplug.operator.dev.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One resource type the dev cluster's API front knows: what discovery says about it (names, scope, verbs) and the
 * columns {@code kubectl get} prints for it; {@code schema} is a CRD version's openAPIV3Schema (null for built-ins,
 * which the dev cluster does not validate).
 */
public record ApiResource(String group, String version, String kind, String plural, String singular, boolean namespaced,
        List<String> shortNames, List<String> categories, List<PrinterColumn> columns, JsonNode schema) {

    static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** {@code v1} for the core group, {@code group/version} otherwise. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The URL prefix of the group version: {@code /api/v1} or {@code /apis/group/version}. */
    public String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }
}
