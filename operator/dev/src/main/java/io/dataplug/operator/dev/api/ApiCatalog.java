package io.dataplug.operator.dev.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The resource types the dev cluster serves to kubectl: a few built-ins the operator uses, plus the CRDs. */
public final class ApiCatalog {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper SCHEMAS = new ObjectMapper();

    private final List<ApiResource> resources;

    private ApiCatalog(List<ApiResource> resources) {
        this.resources = List.copyOf(resources);
    }

    /** The built-ins plus every served version of {@code crds}. */
    public static ApiCatalog of(List<CustomResourceDefinition> crds) {
        List<ApiResource> all = new ArrayList<>(builtIns());
        for (CustomResourceDefinition crd : crds) {
            var spec = crd.getSpec();
            for (CustomResourceDefinitionVersion v : spec.getVersions()) {
                if (!Boolean.TRUE.equals(v.getServed())) {
                    continue;
                }
                List<PrinterColumn> columns = new ArrayList<>();
                columns.add(name());
                List<CustomResourceColumnDefinition> printer = v.getAdditionalPrinterColumns();
                if (printer == null || printer.isEmpty()) {
                    columns.add(age());
                } else {
                    for (CustomResourceColumnDefinition c : printer) {
                        columns.add(PrinterColumn.path(c.getName(), c.getType(), c.getPriority() == null ? 0 : c.getPriority(),
                                c.getJsonPath()));
                    }
                }
                all.add(new ApiResource(spec.getGroup(), v.getName(), spec.getNames().getKind(), spec.getNames().getPlural(),
                        spec.getNames().getSingular(), "Namespaced".equals(spec.getScope()), nonNull(spec.getNames().getShortNames()),
                        nonNull(spec.getNames().getCategories()), columns,
                        v.getSchema() == null ? null : SCHEMAS.valueToTree(v.getSchema().getOpenAPIV3Schema())));
            }
        }
        return new ApiCatalog(all);
    }

    public List<ApiResource> resources() {
        return resources;
    }

    /** The resource a URL names by group, version and plural. */
    public Optional<ApiResource> find(String group, String version, String plural) {
        return resources.stream().filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
                .findFirst();
    }

    /** {@code /api}: the core group's versions. */
    public ObjectNode apiVersions() {
        ObjectNode o = JSON.objectNode().put("kind", "APIVersions");
        o.putArray("versions").add("v1");
        o.putArray("serverAddressByClientCIDRs");
        return o;
    }

    /** {@code /apis}: every named group, one preferred version each. */
    public ObjectNode apiGroupList() {
        ObjectNode o = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        var groups = o.putArray("groups");
        Map<String, List<String>> versions = new LinkedHashMap<>();
        resources.stream().filter(r -> !r.group().isEmpty()).forEach(r -> {
            List<String> vs = versions.computeIfAbsent(r.group(), g -> new ArrayList<>());
            if (!vs.contains(r.version())) {
                vs.add(r.version());
            }
        });
        versions.forEach((group, vs) -> {
            ObjectNode g = groups.addObject().put("name", group);
            var arr = g.putArray("versions");
            vs.forEach(v -> arr.addObject().put("groupVersion", group + "/" + v).put("version", v));
            g.set("preferredVersion", arr.get(0).deepCopy());
        });
        return o;
    }

    /** {@code /apis/group/version} (or {@code /api/v1}): the group version's resources, if it has any. */
    public Optional<ObjectNode> resourceList(String group, String version) {
        List<ApiResource> in = resources.stream().filter(r -> r.group().equals(group) && r.version().equals(version)).toList();
        if (in.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode o = JSON.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", in.get(0).apiVersion());
        var list = o.putArray("resources");
        for (ApiResource r : in) {
            ObjectNode e = list.addObject().put("name", r.plural()).put("singularName", r.singular())
                    .put("namespaced", r.namespaced()).put("kind", r.kind());
            ApiResource.VERBS.forEach(e.putArray("verbs")::add);
            if (!r.shortNames().isEmpty()) {
                r.shortNames().forEach(e.putArray("shortNames")::add);
            }
            if (!r.categories().isEmpty()) {
                r.categories().forEach(e.putArray("categories")::add);
            }
        }
        return Optional.of(o);
    }

    private static List<ApiResource> builtIns() {
        return List.of(
                new ApiResource("", "v1", "Namespace", "namespaces", "namespace", false, List.of("ns"), List.of(),
                        List.of(name(), column("Status", "string", n -> n.path("status").path("phase")), age()), null),
                new ApiResource("", "v1", "ConfigMap", "configmaps", "configmap", true, List.of("cm"), List.of(),
                        List.of(name(), column("Data", "integer", n -> IntNode.valueOf(n.path("data").size()
                                + n.path("binaryData").size())), age()), null),
                new ApiResource("", "v1", "Secret", "secrets", "secret", true, List.of(), List.of(),
                        List.of(name(), column("Type", "string", n -> n.path("type")),
                                column("Data", "integer", n -> IntNode.valueOf(n.path("data").size()
                                        + n.path("stringData").size())), age()), null),
                new ApiResource("", "v1", "Event", "events", "event", true, List.of("ev"), List.of(),
                        List.of(new PrinterColumn("Last Seen", "date", 0, "", ApiCatalog::lastSeen),
                                column("Type", "string", n -> n.path("type")),
                                column("Reason", "string", n -> n.path("reason")),
                                column("Object", "string", n -> TextNode.valueOf(n.path("involvedObject").path("kind").asText()
                                        .toLowerCase(Locale.ROOT) + "/" + n.path("involvedObject").path("name").asText())),
                                column("Message", "string", n -> n.path("message"))), null),
                new ApiResource("", "v1", "Pod", "pods", "pod", true, List.of("po"), List.of("all"),
                        List.of(name(), column("Status", "string", n -> n.path("status").path("phase")), age()), null),
                new ApiResource("batch", "v1", "Job", "jobs", "job", true, List.of(), List.of("all"),
                        List.of(name(), column("Status", "string", ApiCatalog::jobStatus),
                                column("Completions", "string", n -> TextNode.valueOf(n.path("status").path("succeeded").asInt()
                                        + "/" + n.path("spec").path("completions").asInt(1))), age()), null));
    }

    private static JsonNode lastSeen(JsonNode event) {
        for (String f : List.of("lastTimestamp", "eventTime", "firstTimestamp")) {
            if (event.path(f).isTextual()) {
                return event.path(f);
            }
        }
        return event.path("metadata").path("creationTimestamp");
    }

    private static JsonNode jobStatus(JsonNode job) {
        for (JsonNode c : job.path("status").path("conditions")) {
            if ("True".equals(c.path("status").asText()) && List.of("Complete", "Failed").contains(c.path("type").asText())) {
                return c.path("type");
            }
        }
        return TextNode.valueOf("Running");
    }

    private static PrinterColumn name() {
        return new PrinterColumn("Name", "string", 0, "name", n -> n.path("metadata").path("name"));
    }

    private static PrinterColumn age() {
        return new PrinterColumn("Age", "date", 0, "", n -> n.path("metadata").path("creationTimestamp"));
    }

    private static PrinterColumn column(String name, String type, Function<JsonNode, JsonNode> cell) {
        return new PrinterColumn(name, type, 0, "", cell);
    }

    private static List<String> nonNull(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }
}
