package io.dataplug.core.format;

/**
 * One record of an evaluated slice, as a format frames it: a Java record of the format's own (e.g. a FASTQ
 * read) that also hands out its values by column, in the order of its {@link RecordReader#columns()}, so that
 * engines (the Spark connector) map any format's records without knowing its type.
 */
public interface FramedRecord {

    /** The value of column {@code i}: a {@code String}, {@code Long} or {@code byte[]}, or null where absent. */
    Object value(int column);
}
