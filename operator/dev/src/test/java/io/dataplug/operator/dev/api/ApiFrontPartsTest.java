package io.dataplug.operator.dev.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API front's pieces on exact inputs: printer-column JSONPath, field selectors, merge patch, ages, URL parsing. */
class ApiFrontPartsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void printerColumnPathsReadFieldsIndexesAndFilters() throws Exception {
        JsonNode o = json("{'status':{'phase':'Ready','conditions':[{'type':'Other','reason':'x'},{'type':'Ready','reason':'Published'}]}}");
        assertThat(JsonPathLite.parse(".status.phase").read(o).asText()).isEqualTo("Ready");
        assertThat(JsonPathLite.parse(".status.conditions[?(@.type==\"Ready\")].reason").read(o).asText()).isEqualTo("Published");
        assertThat(JsonPathLite.parse("{.status.conditions[0].reason}").read(o).asText()).isEqualTo("x");
        assertThat(JsonPathLite.parse(".status.missing.deeper").read(o).isMissingNode()).isTrue();
        assertThat(JsonPathLite.parse(".status.conditions[?(@.type=='Gone')].reason").read(o).isMissingNode()).isTrue();
    }

    @Test
    void unsupportedJsonPathIsRefusedWithTheOffset() {
        assertThatThrownBy(() -> JsonPathLite.parse(".items[*].name")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported JSONPath '.items[*].name' at offset 6");
        assertThatThrownBy(() -> JsonPathLite.parse("status")).hasMessageContaining("at offset 0");
    }

    @Test
    void fieldSelectorsMatchEqualityAndInequality() throws Exception {
        JsonNode e = json("{'metadata':{'name':'e1'},'involvedObject':{'name':'ds','kind':'CloudDataset'},'reason':'Indexed'}");
        assertThat(FieldSelector.parse("involvedObject.name=ds,involvedObject.kind==CloudDataset").matches(e)).isTrue();
        assertThat(FieldSelector.parse("involvedObject.name=ds,reason!=Indexed").matches(e)).isFalse();
        assertThat(FieldSelector.parse("involvedObject.uid=").matches(e)).isTrue();
        assertThat(FieldSelector.parse("").matches(e)).isTrue();
        assertThat(FieldSelector.parse("metadata.namespace=ns,metadata.name=e1").name()).isEqualTo("e1");
        assertThatThrownBy(() -> FieldSelector.parse("metadata.name")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid field selector 'metadata.name'");
    }

    @Test
    void mergePatchRemovesNullsMergesObjectsAndReplacesLists() throws Exception {
        JsonNode target = json("{'data':{'colour':'red','size':'small'},'list':[1,2],'keep':true}");
        JsonNode patch = json("{'data':{'colour':'blue','size':null},'list':[3],'$setElementOrder/list':[{'a':1}],'new':{'a':{'$patch':'x','b':1}}}");
        assertThat(MergePatch.apply(target, patch)).isEqualTo(json("{'data':{'colour':'blue'},'list':[3],'keep':true,'new':{'a':{'b':1}}}"));
        assertThat(MergePatch.apply(json("{'a':1}"), json("[1]"))).isEqualTo(json("[1]"));
    }

    @Test
    void agesLookLikeKubectls() {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        assertThat(List.of("2026-12-02T11:59:55Z", "2026-12-02T11:57:00Z", "2026-12-02T11:55:30Z", "2026-12-02T11:30:00Z",
                "2026-12-02T09:30:00Z", "2026-12-02T08:30:00Z", "2026-12-01T00:00:00Z", "2026-11-29T09:00:00Z", "2026-12-02T12:00:01Z", "2026-12-02T12:00:05Z",
                "garbage").stream().map(t -> TableView.age(t, now)).toList())
                .containsExactly("5s", "3m", "4m30s", "30m", "150m", "3h30m", "36h", "3d3h", "0s", "<invalid>", "<invalid>");
    }

    @Test
    void tablesCarryColumnsCellsAndMetadata() throws Exception {
        ApiResource cm = ApiCatalog.of(List.of()).find("", "v1", "configmaps").orElseThrow();
        JsonNode list = json("{'metadata':{'resourceVersion':'7'},'items':[{'metadata':{'name':'a','creationTimestamp':'2026-12-02T11:59:00Z'},"
                + "'data':{'x':'1','y':'2'}}]}");
        JsonNode t = TableView.of(cm, list, true, Instant.parse("2026-12-02T12:00:00Z"));
        assertThat(t.path("metadata").path("resourceVersion").asText()).isEqualTo("7");
        assertThat(t.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Data", "Age");
        assertThat(t.path("rows").get(0).path("cells")).isEqualTo(json("['a',2,'60s']"));
        assertThat(t.path("rows").get(0).path("object").path("metadata").path("name").asText()).isEqualTo("a");
        assertThat(TableView.of(cm, list, false, Instant.now()).path("columnDefinitions").isEmpty()).isTrue();
    }

    @Test
    void schemaCheckFindsWrongTypesMissingRequiredAndUndeclaredFieldsAndPrunesThem() throws Exception {
        JsonNode schema = json("{'type':'object','properties':{'spec':{'type':'object','required':['format'],'properties':{"
                + "'format':{'type':'string','enum':['csv','text']},'count':{'type':'integer'},'size':{'x-kubernetes-int-or-string':true},"
                + "'options':{'type':'object','additionalProperties':{'type':'string'}},'list':{'type':'array','items':{'type':'boolean'}},"
                + "'free':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}}}");
        SchemaCheck ok = SchemaCheck.of(schema, json("{'apiVersion':'a/v1','kind':'K','metadata':{'name':'n'},'spec':{'format':'csv',"
                + "'count':3,'size':'64Ki','options':{'a':'b'},'list':[true],'free':{'anything':{'x':1}}}}"));
        assertThat(ok.invalid()).isEmpty();
        assertThat(ok.unknown()).isEmpty();

        JsonNode bad = json("{'spec':{'format':'xml','count':'3','size':1.5,'options':{'a':1},'list':[true,'no'],'extra':{'x':1}},'top':1}");
        SchemaCheck check = SchemaCheck.of(schema, bad);
        assertThat(check.invalid()).containsExactly(
                "spec.format: Unsupported value: \"xml\": supported values: [\"csv\",\"text\"]",
                "spec.count: Invalid value: \"string\": spec.count in body must be of type integer: \"string\"",
                "spec.size: Invalid value: \"number\": spec.size in body must be of type integer or string",
                "spec.options.a: Invalid value: \"integer\": spec.options.a in body must be of type string: \"integer\"",
                "spec.list[1]: Invalid value: \"string\": spec.list[1] in body must be of type boolean: \"string\"");
        assertThat(check.unknown()).containsExactly("spec.extra", "top");
        check.prune();
        assertThat(bad.has("top")).isFalse();
        assertThat(bad.path("spec").has("extra")).isFalse();
        assertThat(SchemaCheck.of(schema, json("{'spec':{}}")).invalid()).containsExactly("spec.format: Required value");
        assertThat(SchemaCheck.of(schema, json("[1]")).invalid()).containsExactly("<root>: Invalid value: \"array\": must be an object");
    }

    @Test
    void openApiDocumentsDeclareFieldValidationForEveryKind() {
        ApiCatalog c = ApiCatalog.of(List.of());
        assertThat(OpenApiDocs.root(c).path("paths").path("apis/batch/v1").path("serverRelativeURL").asText())
                .startsWith("/openapi/v3/apis/batch/v1?hash=");
        JsonNode doc = OpenApiDocs.groupVersion(c, "api/v1").orElseThrow();
        JsonNode patch = doc.path("paths").path("/api/v1/namespaces/{namespace}/configmaps/{name}").path("patch");
        assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(patch.path("parameters").get(0).path("name").asText()).isEqualTo("fieldValidation");
        assertThat(doc.path("paths").has("/api/v1/namespaces/{name}")).isTrue();
        assertThat(OpenApiDocs.groupVersion(c, "apis/apps/v1")).isEmpty();
    }

    @Test
    void urlsNameTheResourceNamespaceAndName() {
        ApiCatalog c = ApiCatalog.of(List.of());
        assertThat(ApiPath.parse("/api/v1/namespaces/ns1/events", c).orElseThrow())
                .extracting(p -> p.type().kind(), ApiPath::namespace, ApiPath::name).containsExactly("Event", "ns1", null);
        assertThat(ApiPath.parse("/api/v1/namespaces/ns1", c).orElseThrow())
                .extracting(p -> p.type().kind(), ApiPath::namespace, ApiPath::name).containsExactly("Namespace", null, "ns1");
        assertThat(ApiPath.parse("/apis/batch/v1/namespaces/n/jobs/j/status", c).orElseThrow())
                .extracting(ApiPath::name, ApiPath::subresource).containsExactly("j", "status");
        assertThat(ApiPath.parse("/apis/apps/v1/deployments", c)).isEmpty();
        assertThat(ApiPath.parse("/api", c)).isEmpty();
    }
}
