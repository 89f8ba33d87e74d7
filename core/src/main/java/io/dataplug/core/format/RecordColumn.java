package io.dataplug.core.format;

/**
 * One column of a format's records, as the reader API and the Spark connector present them.
 *
 * @param name lower-case column name, e.g. {@code sequence}
 * @param type the Java type of its values: {@link Type#STRING} is {@code String}, {@link Type#LONG}
 *             {@code Long}, {@link Type#BYTES} {@code byte[]}
 */
public record RecordColumn(String name, Type type) {

    public enum Type { STRING, LONG, BYTES }

    public static RecordColumn string(String name) {
        return new RecordColumn(name, Type.STRING);
    }

    public static RecordColumn integer(String name) {
        return new RecordColumn(name, Type.LONG);
    }
}
