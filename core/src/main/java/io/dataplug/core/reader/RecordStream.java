package io.dataplug.core.reader;

import io.dataplug.core.format.FramedRecord;
import io.dataplug.core.format.RecordColumn;
import io.dataplug.core.format.RecordReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The records of one slice, in order, as the slice is evaluated: an iterator to close when done (closing early
 * stops the evaluation). Malformed data throws {@link io.dataplug.core.format.DataFormatException}, a failed
 * read the storage error, from the {@code hasNext} that reaches it; I/O errors come wrapped in
 * {@link UncheckedIOException}.
 *
 * @param <T> the format's record type, e.g. {@link io.dataplug.core.formats.fastq.FastqRead}
 */
public final class RecordStream<T extends FramedRecord> implements Iterator<T>, Closeable {

    private final RecordReader reader;
    private final Class<T> type;
    private T next;
    private boolean done;

    RecordStream(RecordReader reader, Class<T> type) {
        this.reader = reader;
        this.type = type;
    }

    /** The columns of the records (for CSV with layout {@code header}, the header's names). */
    public List<RecordColumn> columns() {
        return reader.columns();
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            FramedRecord r;
            try {
                r = reader.next();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (r == null) {
                done = true;
            } else if (!type.isInstance(r)) {
                throw new ClassCastException("records are " + r.getClass().getSimpleName() + ", not " + type.getSimpleName());
            } else {
                next = type.cast(r);
            }
        }
        return next != null;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T r = next;
        next = null;
        return r;
    }

    /** The remaining records as a stream that closes this one when it is closed. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(this::closeQuietly);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
