package io.dataplug.core.util;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/** The one Jackson configuration used for every document Dataplug writes or reads. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** Jackson's source description inside a message, e.g. {@code [Source: REDACTED (...); line: 1, column: 1]}. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; (line: \\d+, column: \\d+)]");

    private Json() {
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String string(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws JsonDocumentException when {@code data} is not JSON of that shape (the message says where and what) */
    public static <T> T read(byte[] data, Class<T> type) {
        try {
            return MAPPER.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new JsonDocumentException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws JsonDocumentException when {@code data} is not JSON of that shape (the message says where and what) */
    public static <T> T read(String data, Class<T> type) {
        try {
            return MAPPER.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new JsonDocumentException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A value for an error message: its JSON text (control characters escaped), cut to about 60 characters. */
    public static String excerpt(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        String s = value.toString();
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /**
     * The first line of a (parser) message, without the location details Jackson appends, and with the source
     * descriptions it puts inside some messages ({@code [Source: REDACTED (`StreamReadFeature...` disabled);
     * line: 1, column: 1]}) cut to the line and column.
     */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return SOURCE.matcher(nl < 0 ? message : message.substring(0, nl)).replaceAll("[$1]");
    }

}
