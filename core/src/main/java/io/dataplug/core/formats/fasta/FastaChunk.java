package io.dataplug.core.formats.fasta;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dataplug.core.util.OptionalField;
import java.util.List;

/**
 * What one FASTA map task found in bytes {@code [start, end)} ({@link FastaChunkScanner}), replayed in order by
 * {@link FastaIndexBuilder}. Offsets are absolute; {@code nl} counts the line feeds between {@code start} and the
 * line. Events are written as compact arrays ({@code ["H", [offset, nl, name, ...]]}): a chunk may list one per
 * record.
 *
 * @param v        layout version, {@value #VERSION}
 * @param events   every line that starts in the chunk, in order
 * @param lead     the piece of a line that started before {@code start} (null when {@code start} is a line start)
 * @param newlines line feeds in {@code [start, end)}
 * @param error    the first problem certain from this chunk alone (scanning stopped there), or null
 */
record FastaChunk(int v, long start, long end, List<Event> events, @OptionalField Lead lead, long newlines,
                  boolean endsWithNewline, @OptionalField ChunkError error) {

    static final int VERSION = 1;

    /** One line that starts in the chunk. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_ARRAY)
    @JsonSubTypes({@JsonSubTypes.Type(value = Header.class, name = "H"), @JsonSubTypes.Type(value = Blank.class, name = "B"),
            @JsonSubTypes.Type(value = Sequence.class, name = "S"), @JsonSubTypes.Type(value = Tail.class, name = "T")})
    sealed interface Event permits Header, Blank, Sequence, Tail {
        long offset();

        long nl();
    }

    /**
     * A header line, read to its end (even past {@code end}, so names are whole), with the runs of complete
     * sequence lines right after it; {@code eol} is the terminator's length (0: the object's last line).
     */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    record Header(long offset, long nl, String name, long lineEnd, int eol, List<Run> runs) implements Event {
    }

    /** A blank line ({@code crOnly}: a lone carriage return). */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    record Blank(long offset, long nl, boolean crOnly) implements Event {
    }

    /** A run of complete sequence lines of equal width and residue count, not right after a header of this chunk. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    record Sequence(long offset, long nl, long width, long bases, long count) implements Event {
    }

    /** The sequence line that runs past {@code end}: its statistics so far. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    record Tail(long offset, long nl, long len, long bad, long firstBad, int firstBadByte, boolean lastCr) implements Event {
    }

    /** {@code count} sequence lines of {@code width} bytes (terminator included) holding {@code bases} residues each. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    record Run(long width, long bases, long count) {
    }

    /** The statistics of the piece of a line before the chunk's first line start; {@code newline}: it ends in the chunk. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    record Lead(long len, long bad, long firstBad, int firstBadByte, boolean lastCr, boolean newline) {
    }

    /**
     * The first certain problem: a message ({@code problem}, {@code hint}), or a {@code kind} that the finalize
     * step words with the record's name ({@code longer}/{@code afterShort} with the line shapes, {@code notFasta},
     * {@code afterBlank}).
     */
    record ChunkError(long offset, long nl, @OptionalField String problem, @OptionalField String hint,
                      @OptionalField String kind, @OptionalField Long width, @OptionalField Long bases,
                      @OptionalField Long firstWidth, @OptionalField Long firstBases) {

        static ChunkError of(long offset, long nl, String problem, String hint) {
            return new ChunkError(offset, nl, problem, hint, null, null, null, null, null);
        }

        static ChunkError kind(long offset, long nl, String kind) {
            return new ChunkError(offset, nl, null, null, kind, null, null, null, null);
        }
    }
}
