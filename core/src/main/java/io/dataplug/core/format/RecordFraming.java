package io.dataplug.core.format;

import io.dataplug.core.slice.Slice;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * How a format's evaluated slices split into records: the optional record hook of the Format SPI
 * ({@link Format#records()}), used by the reader API and the Spark connector. The format frames the bytes its
 * own {@link Format#evaluate} wrote, with the knowledge it already has (its record scanner, its corrections),
 * so nothing outside the format parses its records. Formats whose slices are files of their own kind (a
 * GeoTIFF, a LAS file) have none: their slices are read as one stream.
 *
 * <p>A format may offer its records in several <em>layouts</em> (CSV: the header's columns, or each row as one
 * {@code value}; VCF: each line, or its fields). The first of {@link #layouts()} is the default unless
 * {@link #defaultLayout} says otherwise for a slice.
 */
public interface RecordFraming {

    /** The layouts this format offers, e.g. {@code [line, fields]}. */
    List<String> layouts();

    /** The layout used when none is asked for; may depend on the slice's options (a CSV header). */
    default String defaultLayout(Slice slice) {
        return layouts().get(0);
    }

    /**
     * Frames the records of {@code evaluated}, the bytes {@link Format#evaluate} wrote for {@code slice}.
     *
     * @param layout one of {@link #layouts()} (already checked)
     */
    RecordReader open(Slice slice, InputStream evaluated, String layout) throws IOException;
}
