package io.dataplug.core.formats.fasta;

import io.dataplug.core.format.DataFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The finalize step of FASTA preprocessing: replays the chunk summaries of {@link FastaChunkScanner} in
 * order through the same line grammar {@code samtools faidx} applies, stitching the lines that cross chunk
 * boundaries, and produces the {@link FastaIndex} and the {@code .fai}.
 * <p>
 * The grammar: optional blank lines, then records. A record is a header line ({@code >name ...}), then
 * sequence lines that all have the same width and residue count except the last, which may be shorter,
 * then optional blank lines. Sequence lines hold printable non-space ASCII only; lines end with LF or CRLF,
 * the object's last line may have no terminator. Anything else is a {@link DataFormatException} naming the
 * object, byte offset and line.
 */
final class FastaIndexBuilder {

    static final String LINE_HINT = "all lines of a sequence except the last must have the same length "
            + "(samtools faidx requires this too); rewrap the sequences, e.g. with 'seqkit seq -w 60'";
    static final String AFTER_BLANK_PROBLEM = "a sequence line follows a blank line outside any record";
    static final String BLANK_HINT = "blank lines may only come between records";

    private enum State { OUTSIDE, SEQ_START, FULL, ENDED }

    private final String uri;
    private final long size;
    private final ByteReader bytes;

    private final List<Rec> records = new ArrayList<>();
    private Rec current;
    private State state = State.OUTSIDE;
    private Pending pending;
    private long coveredUntil;
    private long lineBase;
    private int crlfHeaders;
    private int lfHeaders;

    /** Reads bytes {@code [start, end)} of the object (for the wording of errors only). */
    interface ByteReader {
        byte[] read(long start, long end);
    }

    FastaIndexBuilder(String uri, long size, ByteReader bytes) {
        this.uri = uri;
        this.size = size;
        this.bytes = bytes;
    }

    FastaIndex build(List<FastaChunk> chunks) {
        long expected = 0;
        boolean endsWithNewline = false;
        for (FastaChunk c : chunks) {
            long s = c.start();
            long e = c.end();
            if (s != expected || e < s || c.v() != FastaChunk.VERSION) {
                throw new IllegalStateException(uri + ": chunk results do not tile the object (expected a chunk at "
                        + expected + ", got [" + s + ", " + e + "))");
            }
            expected = e;
            FastaChunk.Lead lead = c.lead();
            if (lead != null && s >= coveredUntil) {
                if (pending == null) {
                    throw new IllegalStateException(uri + ": chunk at " + s + " continues a line no earlier chunk reported");
                }
                pending.add(lead.len(), lead.bad(), lead.firstBad(), lead.firstBadByte(), lead.lastCr());
                if (lead.newline() || e == size) {
                    completePending();
                }
            }
            for (FastaChunk.Event ev : c.events()) {
                event(ev);
            }
            FastaChunk.ChunkError err = c.error();
            if (err != null) {
                long offset = err.offset();
                long line = lineBase + err.nl() + 1;
                String name = current == null ? "" : current.name;
                throw switch (err.kind() == null ? "" : err.kind()) {
                    case "longer" -> error(offset, line, longerLineProblem(orZero(err.width()), orZero(err.bases()),
                            orZero(err.firstWidth()), orZero(err.firstBases()), name), LINE_HINT);
                    case "afterShort" -> error(offset, line, afterShortLineProblem(name), LINE_HINT);
                    case "notFasta" -> notFasta(offset, line);
                    case "afterBlank" -> error(offset, line, AFTER_BLANK_PROBLEM, BLANK_HINT);
                    default -> error(offset, line, err.problem() == null ? "" : err.problem(), err.hint());
                };
            }
            lineBase += c.newlines();
            if (e > s) {
                endsWithNewline = c.endsWithNewline();
            }
        }
        if (expected != size) {
            throw new IllegalStateException(uri + ": chunk results cover " + expected + " of " + size + " bytes");
        }
        if (pending != null) {
            throw new IllegalStateException(uri + ": the last line was never completed");
        }
        closeRecord();
        return toIndex(endsWithNewline);
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private void event(FastaChunk.Event ev) {
        long offset = ev.offset();
        long line = lineBase + ev.nl() + 1;
        switch (ev) {
            case FastaChunk.Header h -> {
                requireNoPending(offset);
                closeRecord();
                int eol = h.eol();
                current = new Rec(h.name(), offset, eol, h.lineEnd());
                if (eol == 2) {
                    crlfHeaders++;
                } else if (eol == 1) {
                    lfHeaders++;
                }
                state = State.SEQ_START;
                coveredUntil = current.offset;
                long runOffset = current.offset;
                long runLine = line + 1;
                for (FastaChunk.Run run : h.runs()) { // the lines right after the header
                    sequence(runOffset, runLine, run.width(), run.bases(), run.count());
                    runOffset += run.width() * run.count();
                    runLine += run.count();
                }
            }
            case FastaChunk.Blank b -> {
                requireNoPending(offset);
                blank(b.crOnly());
            }
            case FastaChunk.Sequence q -> {
                requireNoPending(offset);
                sequence(offset, line, q.width(), q.bases(), q.count());
            }
            case FastaChunk.Tail t -> {
                requireNoPending(offset);
                pending = new Pending(offset, line);
                pending.add(t.len(), t.bad(), t.firstBad(), t.firstBadByte(), t.lastCr());
            }
        }
    }

    private void requireNoPending(long offset) {
        if (pending != null) {
            throw new IllegalStateException(uri + ": line at " + pending.offset + " was not completed before " + offset);
        }
    }

    private void completePending() {
        Pending p = pending;
        pending = null;
        if (p.len == 1 && p.lastCr) {
            blank(true);
        } else if (!(p.bad == 0 || (p.bad == 1 && p.lastCr))) {
            if (state == State.OUTSIDE) {
                throw outside(p.offset, p.line);
            }
            throw error(p.firstBad, p.line, LineStats.badByteProblem(p.firstBadByte), null);
        } else {
            sequence(p.offset, p.line, p.len + 1, p.len - (p.lastCr ? 1 : 0), 1);
        }
    }

    private void blank(boolean crOnly) {
        if (state == State.SEQ_START && crOnly) {
            // samtools reads a CRLF blank line right after a header as a sequence line with no residues,
            // so such an empty record is listed in its .fai (LINEBASES 0, LINEWIDTH 2); mirror that.
            current.lineWidth = 2;
            current.inFai = true;
        }
        state = State.OUTSIDE;
    }

    private void sequence(long offset, long line, long width, long bases, long count) {
        switch (state) {
            case OUTSIDE -> throw outside(offset, line);
            case ENDED -> throw error(offset, line, afterShortLineProblem(current.name), LINE_HINT);
            case SEQ_START -> {
                current.lineWidth = width;
                current.lineBases = bases;
                current.inFai = true;
                current.length += bases * count;
                state = State.FULL;
            }
            case FULL -> {
                if (width == current.lineWidth && bases == current.lineBases) {
                    current.length += bases * count;
                } else if (width <= current.lineWidth && bases <= current.lineBases) {
                    if (count > 1) {
                        throw error(offset + width, line + 1, afterShortLineProblem(current.name), LINE_HINT);
                    }
                    current.length += bases;
                    state = State.ENDED;
                } else {
                    throw error(offset, line, longerLineProblem(width, bases, current.lineWidth, current.lineBases,
                            current.name), LINE_HINT);
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private DataFormatException outside(long offset, long line) {
        return current == null ? notFasta(offset, line) : error(offset, line, AFTER_BLANK_PROBLEM, BLANK_HINT);
    }

    private DataFormatException notFasta(long offset, long line) {
        byte[] start = bytes.read(0, Math.min(size, 2));
        byte[] first = bytes.read(offset, Math.min(size, offset + 1));
        String hint;
        if (start.length == 2 && start[0] == (byte) 0x1f && start[1] == (byte) 0x8b) {
            hint = "the data looks gzip-compressed; the fasta format reads uncompressed text";
        } else if (first.length == 1 && first[0] == '@') {
            hint = "this looks like FASTQ (records start with '@'); use the fastq format";
        } else {
            hint = "a FASTA file starts with a '>' header line";
        }
        return error(offset, line, "not FASTA: the first non-empty line does not start with '>'", hint);
    }

    static String longerLineProblem(long width, long bases, long firstWidth, long firstBases, String name) {
        if (width == firstWidth) {
            return "line of sequence '" + name + "' holds " + bases + " residues where the lines before it hold "
                    + firstBases + " (mixed LF and CRLF line endings?)";
        }
        return "line of sequence '" + name + "' is " + width + " bytes long (terminator included) where the lines "
                + "before it are " + firstWidth;
    }

    static String afterShortLineProblem(String name) {
        return "a sequence line follows the shorter last line of sequence '" + name + "'";
    }

    private DataFormatException error(long offset, long line, String problem, String hint) {
        return new DataFormatException(uri, offset, line, problem, hint);
    }

    private void closeRecord() {
        if (current != null) {
            records.add(current);
            current = null;
        }
    }

    private FastaIndex toIndex(boolean endsWithNewline) {
        int n = records.size();
        String[] names = new String[n];
        long[] header = new long[n];
        int[] eol = new int[n];
        long[] offset = new long[n];
        long[] length = new long[n];
        long[] lineBases = new long[n];
        long[] lineWidth = new long[n];
        for (int i = 0; i < n; i++) {
            Rec r = records.get(i);
            names[i] = r.name;
            header[i] = r.header;
            eol[i] = r.eol;
            offset[i] = r.offset;
            length[i] = r.length;
            lineBases[i] = r.lineBases;
            lineWidth[i] = r.lineWidth;
        }
        return new FastaIndex(size, size > 0 && endsWithNewline, crlfHeaders > lfHeaders ? "\r\n" : "\n",
                names, header, eol, offset, length, lineBases, lineWidth);
    }

    /**
     * The {@code .fai} exactly as samtools faidx (htslib 1.16) writes it: one line per record that has a
     * sequence line, in file order; records without one (empty sequences) and repeated names are left out.
     */
    byte[] fai() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Set<String> seen = new HashSet<>();
        StringBuilder sb = new StringBuilder();
        for (Rec r : records) {
            if (!r.inFai || !seen.add(r.name)) {
                continue;
            }
            sb.setLength(0);
            sb.append(r.name).append('\t').append(r.length).append('\t').append(r.offset).append('\t')
                    .append(r.lineBases).append('\t').append(r.lineWidth).append('\n');
            out.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    private static final class Rec {
        final String name;
        final long header;
        final int eol;
        final long offset;
        long length;
        long lineBases;
        long lineWidth;
        boolean inFai;

        Rec(String name, long header, int eol, long offset) {
            this.name = name;
            this.header = header;
            this.eol = eol;
            this.offset = offset;
        }
    }

    /** A line that started in an earlier chunk and is not finished yet. */
    private static final class Pending {
        final long offset;
        final long line;
        long len;
        long bad;
        long firstBad = -1;
        int firstBadByte;
        boolean lastCr;

        Pending(long offset, long line) {
            this.offset = offset;
            this.line = line;
        }

        void add(long pieceLen, long pieceBad, long pieceFirstBad, int pieceFirstBadByte, boolean pieceLastCr) {
            if (bad == 0 && pieceBad > 0) {
                firstBad = pieceFirstBad;
                firstBadByte = pieceFirstBadByte;
            }
            bad += pieceBad;
            if (pieceLen > 0) {
                lastCr = pieceLastCr;
            }
            len += pieceLen;
        }
    }
}
