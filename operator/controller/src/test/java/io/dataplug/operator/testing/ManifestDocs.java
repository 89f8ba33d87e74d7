package io.dataplug.operator.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The documents of a YAML stream (a file, or what {@code kubectl kustomize} printed), each named after its source. */
public final class ManifestDocs {

    public record Doc(String source, JsonNode node) {
        public String apiVersion() {
            return node.path("apiVersion").asText();
        }

        public String kind() {
            return node.path("kind").asText();
        }

        public boolean isKustomization() {
            return apiVersion().startsWith("kustomize.config.k8s.io/");
        }
    }

    private static final YAMLMapper YAML = new YAMLMapper();

    private ManifestDocs() {
    }

    /**
     * @throws IllegalArgumentException naming {@code source}, the line and the problem when the YAML does not parse
     */
    public static List<Doc> parse(String source, String yaml) {
        List<Doc> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            int i = 0;
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n != null && !n.isNull() && !n.isMissingNode() && !(n.isObject() && n.isEmpty())) {
                    docs.add(new Doc(source + "#" + i, n));
                }
                i++;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // Jackson's iterator wraps parse errors met while advancing
            if (e.getCause() instanceof JsonProcessingException j) {
                throw new IllegalArgumentException(source + ": not YAML: " + j.getOriginalMessage()
                        + (j.getLocation() != null ? " (line " + j.getLocation().getLineNr() + ")" : ""), e);
            }
            throw e;
        }
        return docs;
    }
}
