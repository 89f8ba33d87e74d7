package io.dataplug.core.util;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Binds JSON documents to records strictly, for every document a format or a manifest hands over: a field
 * the record does not declare is refused, every record component is required unless it is marked
 * {@link OptionalField}, and values must have the declared type (no text-to-number coercion). Problems are
 * {@link InvalidDocumentException}s naming the document and the field, never a NullPointerException later.
 *
 * <p>Nested records, lists of records, array-shaped records ({@code @JsonFormat(shape = ARRAY)}) and records
 * with a delegating {@code @JsonCreator} are checked the same way; other types are left to Jackson.
 */
public final class StrictJson {

    private static final ObjectMapper MAPPER = strictMapper();

    private StrictJson() {
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper m = Json.MAPPER.copy()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
                .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
        // no "12" for 12, no 1.5 for 1, no 1 for true
        m.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return m;
    }

    /** Parses a JSON document (one value, nothing after it, no repeated keys); {@code document} names it in errors. */
    public static JsonNode parse(byte[] json, String document) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new InvalidDocumentException(document, "", "not JSON: " + Json.firstLine(e.getMessage()), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidDocumentException(document, "", "empty document", null);
        }
        return tree;
    }

    /** Parses {@code json} and binds it to {@code type}; {@code document} names it in errors. */
    public static <T> T read(byte[] json, Class<T> type, String document) {
        return read(parse(json, document), type, document);
    }

    /** Binds a parsed document to {@code type}. */
    public static <T> T read(JsonNode tree, Class<T> type, String document) {
        return read(tree, type, document, "");
    }

    /**
     * Binds a part of a document to {@code type}; {@code at} is where the part sits in the document (e.g.
     * {@code parts[0].corrections}), so errors name the field by its full path.
     */
    public static <T> T read(JsonNode tree, Class<T> type, String document, String at) {
        if (tree == null || tree.isNull()) {
            throw new InvalidDocumentException(document, at, "missing required field", null);
        }
        check(tree, type, at, document);
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidDocumentException(document, join(at, path(e)), String.valueOf(cause.getMessage()), e);
        } catch (JsonMappingException e) {
            String field = path(e);
            JsonNode value = field.isEmpty() ? tree : at(tree, e.getPath());
            throw new InvalidDocumentException(document, join(at, field), "not a valid " + typeName(e) + ": "
                    + Json.excerpt(value), e);
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(document, at, Json.firstLine(e.getOriginalMessage()), e);
        }
    }

    // ----------------------------------------------------------------------------------- structure check

    private static void check(JsonNode node, Type type, String path, String document) {
        Class<?> raw = raw(type);
        if (raw == null) {
            return;
        }
        if (raw.isRecord()) {
            Method creator = delegatingCreator(raw);
            if (creator != null) {
                check(node, creator.getGenericParameterTypes()[0], path, document);
            } else if (isArrayShaped(raw)) {
                checkArrayRecord(node, raw, path, document);
            } else {
                checkObjectRecord(node, raw, path, document);
            }
        } else if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType p && node.isArray()) {
            Type element = p.getActualTypeArguments()[0];
            for (int i = 0; i < node.size(); i++) {
                JsonNode e = node.get(i);
                if (e.isNull()) {
                    throw new InvalidDocumentException(document, path + "[" + i + "]", "null where a value is required", null);
                }
                check(e, element, path + "[" + i + "]", document);
            }
        }
    }

    private static void checkObjectRecord(JsonNode node, Class<?> raw, String path, String document) {
        if (!node.isObject()) {
            throw new InvalidDocumentException(document, path, "expected a JSON object, got " + Json.excerpt(node), null);
        }
        RecordComponent[] components = raw.getRecordComponents();
        Set<String> known = new LinkedHashSet<>();
        for (RecordComponent c : components) {
            known.add(name(c));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new InvalidDocumentException(document, join(path, f), "unknown field (known: "
                        + String.join(", ", known) + ")", null);
            }
        }
        for (RecordComponent c : components) {
            JsonNode v = node.get(name(c));
            String p = join(path, name(c));
            if (v == null || v.isNull()) {
                if (!c.isAnnotationPresent(OptionalField.class)) {
                    throw new InvalidDocumentException(document, p, "missing required field", null);
                }
                continue;
            }
            check(v, c.getGenericType(), p, document);
        }
    }

    private static void checkArrayRecord(JsonNode node, Class<?> raw, String path, String document) {
        RecordComponent[] components = raw.getRecordComponents();
        if (!node.isArray()) {
            throw new InvalidDocumentException(document, path, "expected a JSON array of " + components.length
                    + " values, got " + Json.excerpt(node), null);
        }
        if (node.size() > components.length) {
            throw new InvalidDocumentException(document, path, node.size() + " values where at most "
                    + components.length + " are expected (" + String.join(", ", names(components)) + ")", null);
        }
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            JsonNode v = node.get(i);
            String p = path + "[" + i + "]";
            if (v == null || v.isNull()) {
                if (!c.isAnnotationPresent(OptionalField.class)) {
                    throw new InvalidDocumentException(document, p, "missing required value '" + name(c) + "'", null);
                }
                continue;
            }
            check(v, c.getGenericType(), p, document);
        }
    }

    private static Method delegatingCreator(Class<?> raw) {
        for (Method m : raw.getDeclaredMethods()) {
            JsonCreator jc = m.getAnnotation(JsonCreator.class);
            if (jc != null && Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1
                    && jc.mode() == JsonCreator.Mode.DELEGATING) {
                return m;
            }
        }
        return null;
    }

    private static boolean isArrayShaped(Class<?> raw) {
        JsonFormat f = raw.getAnnotation(JsonFormat.class);
        return f != null && f.shape() == JsonFormat.Shape.ARRAY;
    }

    private static String name(RecordComponent c) {
        JsonProperty p = c.getAnnotation(JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : c.getName();
    }

    private static List<String> names(RecordComponent[] components) {
        return Arrays.stream(components).map(StrictJson::name).toList();
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : field.isEmpty() ? path : field.startsWith("[") ? path + field : path + "." + field;
    }

    // ------------------------------------------------------------------------------------ Jackson errors

    /** {@code parts[0].start}, from Jackson's reference chain. */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static JsonNode at(JsonNode tree, List<JsonMappingException.Reference> path) {
        JsonNode n = tree;
        for (JsonMappingException.Reference r : path) {
            if (n == null) {
                return null;
            }
            n = r.getFieldName() != null ? n.get(r.getFieldName()) : r.getIndex() >= 0 ? n.get(r.getIndex()) : n;
        }
        return n;
    }

    private static String typeName(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
            Class<?> t = m.getTargetType();
            if (t == long.class || t == Long.class || t == int.class || t == Integer.class) {
                return "whole number";
            }
            if (t == boolean.class || t == Boolean.class) {
                return "boolean";
            }
            if (t == String.class) {
                return "text";
            }
            if (t == byte[].class) {
                return "base64 text";
            }
            if (t.isArray() || Collection.class.isAssignableFrom(t)) {
                return "array";
            }
            return t.isRecord() ? "object (" + t.getSimpleName() + ")" : t.getSimpleName();
        }
        return "value";
    }
}
