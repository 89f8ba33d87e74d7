package io.dataplug.core.format;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** The records of one evaluated slice, in order, one at a time. Closing it closes the evaluated stream. */
public interface RecordReader extends Closeable {

    /** The columns of every record this reader returns (for CSV, the header's names once it is read). */
    List<RecordColumn> columns();

    /** The next record, or null after the last. Malformed data throws {@link DataFormatException}. */
    FramedRecord next() throws IOException;
}
