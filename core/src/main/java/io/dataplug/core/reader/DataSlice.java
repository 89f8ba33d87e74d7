package io.dataplug.core.reader;

import io.dataplug.core.format.FramedRecord;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.RecordFraming;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SliceEvaluator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One slice of a manifest, ready to evaluate: its bytes (exactly what {@code dataplug slice get} writes) or,
 * for formats that frame records, its records. Every evaluation reads the raw objects anew with ranged GETs,
 * under the reader's security rules. Valid while its {@link DataplugReader} is open.
 */
public final class DataSlice {

    private final Slice slice;
    private final SliceEvaluator evaluator;

    DataSlice(Slice slice, SliceEvaluator evaluator) {
        this.slice = slice;
        this.evaluator = evaluator;
    }

    /** The slice document, typed. */
    public Slice slice() {
        return slice;
    }

    public int index() {
        return slice.index();
    }

    /** The number of slices of the partitioning, as the slice records it. */
    public int count() {
        return slice.count();
    }

    public String format() {
        return slice.format();
    }

    /** Evaluates the slice in this thread, writing its bytes to {@code out} (not closed). */
    public void writeTo(OutputStream out) throws IOException {
        evaluator.evaluate(slice, out);
    }

    /**
     * The slice's bytes as a stream, evaluated in a background thread as it is read; close it when done (early
     * is fine). An evaluation error is thrown by the read that reaches it.
     */
    public InputStream open() {
        return EvaluationPipe.start("dataplug-slice-" + slice.index(), out -> evaluator.evaluate(slice, out));
    }

    /** Whether the format frames records ({@link #records()}); binary formats are read as one stream. */
    public boolean hasRecords() {
        return framing().isPresent();
    }

    /** The record layouts the format offers, the default first; empty for formats read as one stream. */
    public List<String> layouts() {
        return framing().map(f -> {
            String d = f.defaultLayout(slice);
            return Stream.concat(Stream.of(d), f.layouts().stream().filter(l -> !l.equals(d))).toList();
        }).orElse(List.of());
    }

    /** The slice's records in the format's default layout. */
    public RecordStream<FramedRecord> records() throws IOException {
        return records(null, FramedRecord.class);
    }

    /** The slice's records in the default layout, as the format's record type (e.g. {@code FastqRead}). */
    public <T extends FramedRecord> RecordStream<T> records(Class<T> type) throws IOException {
        return records(null, type);
    }

    /**
     * The slice's records in {@code layout} (null: the default), e.g. {@code fields} for VCF.
     *
     * @throws InvalidRequestException when the format has no records (read it with {@link #open()}) or no such layout
     */
    public <T extends FramedRecord> RecordStream<T> records(String layout, Class<T> type) throws IOException {
        RecordFraming framing = framing().orElseThrow(() -> new InvalidRequestException("format " + slice.format()
                + " has no records: its slices are files of their own kind, read them as one stream"));
        String l = layout == null ? framing.defaultLayout(slice) : layout;
        if (!framing.layouts().contains(l)) {
            throw new InvalidRequestException("format " + slice.format() + " has no record layout '" + l + "' (it has: "
                    + String.join(", ", framing.layouts()) + ")");
        }
        InputStream in = open();
        try {
            return new RecordStream<>(framing.open(slice, in, l), type);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private Optional<RecordFraming> framing() {
        return Formats.get(slice.format()).records();
    }
}
