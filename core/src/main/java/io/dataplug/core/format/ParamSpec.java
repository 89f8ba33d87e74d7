package io.dataplug.core.format;

/** A declared format option or strategy parameter. {@code defaultValue} is raw text, or null when required. */
public record ParamSpec(String name, ParamType type, String defaultValue, String description) {

    public static ParamSpec required(String name, ParamType type, String description) {
        return new ParamSpec(name, type, null, description);
    }

    public static ParamSpec optional(String name, ParamType type, String defaultValue, String description) {
        return new ParamSpec(name, type, defaultValue, description);
    }

    public boolean isRequired() {
        return defaultValue == null;
    }
}
