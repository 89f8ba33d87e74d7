package io.dataplug.operator.dev.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * A column of {@code kubectl get}'s table, as a CRD's additionalPrinterColumns declares it (or as the API server
 * prints a built-in type): {@code type} is the OpenAPI type, {@code date} cells are shown as an age.
 */
public record PrinterColumn(String name, String type, int priority, String description, Function<JsonNode, JsonNode> cell) {

    /** A column read by a CRD printer-column JSONPath. */
    public static PrinterColumn path(String name, String type, int priority, String jsonPath) {
        JsonPathLite path = JsonPathLite.parse(jsonPath);
        return new PrinterColumn(name, type, priority, jsonPath, path::read);
    }
}
