package io.dataplug.core.formats.vcf;

import io.dataplug.core.io.LineReader;
import io.dataplug.core.io.Swar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Scans VCF lines and records what the index needs: header extent, data-line count, contig runs, POS spans
 * and sparse checkpoints (every contig start, then the first line after each {@code spacing} bytes of
 * data). Checks each data line's shape (CHROM, a numeric POS, eight columns) and the sort order.
 */
final class Scanner {

    private static final int PROGRESS_EVERY = 4 << 20;
    private static final byte TAB = '\t';
    private static final long TABS = Swar.broadcast(TAB);
    private static final long LINE_FEEDS = Swar.broadcast((byte) '\n');

    private final long spacing;
    private final long gap;
    private final ByteArrayOutputStream headerSink;
    private final LongConsumer progress;
    /** Whether data lines that only count are taken in place from the reader's buffer (see {@link #scan}). */
    private final boolean inPlace;
    /** The value of the POS {@link #readPos} read last. */
    private long parsedPos;

    /**
     * @param spacing    data bytes between checkpoints
     * @param gap        a POS span is split where consecutive variants are more than this apart
     * @param headerSink receives the header lines' bytes (those before the first data line), or null
     */
    Scanner(long spacing, long gap, ByteArrayOutputStream headerSink, LongConsumer progress) {
        this(spacing, gap, headerSink, progress, true);
    }

    private Scanner(long spacing, long gap, ByteArrayOutputStream headerSink, LongConsumer progress, boolean inPlace) {
        this.spacing = Math.max(1, spacing);
        this.gap = gap;
        this.headerSink = headerSink;
        this.progress = progress;
        this.inPlace = inPlace;
    }

    /** A scanner that reads every line through the reader: the reference the in-place walk is tested against. */
    static Scanner lineByLine(long spacing, long gap, ByteArrayOutputStream headerSink, LongConsumer progress) {
        return new Scanner(spacing, gap, headerSink, progress, false);
    }

    /** Scans the lines of {@code r} that start before {@code end}. */
    ScanResult scan(LineReader r, long end) throws IOException {
        long lines = 0;
        Long firstHash = null;
        Long lastHash = null;
        long lastHashLine = 0;
        boolean lastHashChrom = false;
        long headerEnd = -1; // positions are never negative; kept unboxed, as they are set on every line
        Long firstData = null;
        long firstDataLine = 0;
        long dataEnd = -1;
        boolean dataPending = false;
        long variants = 0;
        List<ScanResult.Run> runs = new ArrayList<>();
        Checkpoints.Builder cps = new Checkpoints.Builder();
        ScanResult.Problem problem = null;
        ScanResult.Problem unsorted = null;

        byte[] contig = new byte[64];
        int contigLen = -1;
        long contigWord = 0; // the contig's name and a tab as one word's first bytes, when they fit; else 0
        long contigMask = 0;
        String contigName = null;
        long runStart = 0;
        long runVariants = 0;
        long runFirst = 0;
        long lastPos = 0;
        long sinceCheckpoint = 0;
        long[] spans = new long[16];
        int spanCount = 0;
        long unreported = 0;
        boolean hashPending = false;

        while (true) {
            long p = r.peek();
            // The position after the previous line: this line's start, or the end of the data.
            long here = r.positionAfter();
            if (hashPending) {
                headerEnd = here;
                hashPending = false;
            }
            if (dataPending) {
                dataEnd = here;
                dataPending = false;
            }
            if (p < 0 || p >= end) {
                break;
            }
            r.next();
            lines++;
            byte[] b = r.buffer();
            int o = r.offset();
            int n = r.length();
            unreported += n;
            if (unreported >= PROGRESS_EVERY) {
                progress.accept(unreported);
                unreported = 0;
            }
            int content = n - (r.terminated() ? 1 : 0);
            if (content > 0 && b[o + content - 1] == '\r') {
                content--;
            }
            if (content == 0) {
                problem = new ScanResult.Problem(p, lines, "empty line", "VCF has no blank lines; remove it");
                break;
            }
            if (b[o] == '#') {
                if (firstData != null) {
                    problem = new ScanResult.Problem(p, lines, "header line after data lines",
                            "all ## lines and the #CHROM line must come before the first variant");
                    break;
                }
                if (firstHash == null) {
                    firstHash = p;
                }
                lastHash = p;
                lastHashLine = lines;
                lastHashChrom = content >= 6 && startsWith(b, o, content, "#CHROM") && (content == 6 || b[o + 6] == '\t');
                hashPending = true;
                if (headerSink != null) {
                    headerSink.write(b, o, n);
                }
                continue;
            }
            // A data line: CHROM, POS, and at least eight tab-separated columns.
            int lineEnd = o + content;
            // Most lines name the contig of the line before: CHROM then ends where that name does, with no search
            // (the name has no tab, so no tab comes earlier).
            boolean sameContig = contigLen > 0 && contigLen < content && b[o + contigLen] == TAB
                    && sameBytes(b, o, contig, contigLen);
            int tab1 = sameContig ? o + contigLen : indexOfTab(b, o, lineEnd);
            if (tab1 <= o) {
                problem = new ScanResult.Problem(p, lines, tab1 < 0 ? "not a tab-separated VCF data line" : "empty CHROM",
                        null);
                break;
            }
            int i = readPos(b, tab1 + 1, lineEnd);
            if (i < 0) {
                problem = new ScanResult.Problem(p, lines, "POS is not a number: '"
                        + text(b, tab1 + 1, Math.min(lineEnd, tab1 + 21)) + "'", null);
                break;
            }
            long pos = parsedPos;
            if (Swar.indexOfNth(b, i + 1, lineEnd, TAB, 5) < 0) {
                int columns = 3 + (int) Swar.count(b, i + 1, lineEnd, TAB);
                problem = new ScanResult.Problem(p, lines, "data line has " + columns + " columns, VCF needs at least 8",
                        null);
                break;
            }
            if (firstData == null) {
                firstData = p;
                firstDataLine = lines;
            }
            int clen = tab1 - o;
            if (!sameContig) {
                if (contigName != null) {
                    runs.add(new ScanResult.Run(contigName, runStart, p, runVariants, runFirst, lastPos,
                            Arrays.copyOf(spans, spanCount)));
                }
                if (contig.length < clen) {
                    contig = new byte[clen * 2];
                }
                System.arraycopy(b, o, contig, 0, clen);
                contigLen = clen;
                // A name of up to 7 bytes and the tab after it fit in a word: one compare per line in place.
                contigMask = clen < Long.BYTES ? -1L >>> (8 * (Long.BYTES - clen - 1)) : 0;
                contigWord = clen < Long.BYTES ? contigWord(contig, clen) : 0;
                contigName = new String(b, o, clen, StandardCharsets.UTF_8);
                runStart = p;
                runVariants = 0;
                runFirst = pos;
                spanCount = 0;
                spans = add(spans, spanCount++, pos);
                spans = add(spans, spanCount++, pos);
                cps.add(p, 0, pos);
                sinceCheckpoint = 0;
            } else {
                if (pos < lastPos && unsorted == null) {
                    unsorted = new ScanResult.Problem(p, lines, "POS " + pos + " after POS " + lastPos + " on contig "
                            + contigName, null);
                }
                if (sinceCheckpoint >= spacing) {
                    cps.add(p, lastPos, pos);
                    sinceCheckpoint = 0;
                }
                if (pos - spans[spanCount - 1] > gap) {
                    spans = add(spans, spanCount++, pos);
                    spans = add(spans, spanCount++, pos);
                } else if (pos > spans[spanCount - 1]) {
                    spans[spanCount - 1] = pos;
                }
            }
            sinceCheckpoint += n;
            lastPos = pos;
            runVariants++;
            variants++;
            dataPending = true;
            // The lines that follow, while they only count (same contig, sorted, in the same POS span, no checkpoint
            // due) and are whole in the buffer, are taken in place: no call into the reader per line. Any other line
            // goes through the loop above, which says what is wrong with it.
            long base = inPlace ? r.linearBase() : -1;
            if (base < 0) {
                continue;
            }
            int k = r.pending();
            int lastWord = b.length - Long.BYTES;
            for (int held = r.held(); base + k < end; ) {
                // CHROM and POS end at tabs, which no line feed or carriage return precedes; then the line feed and
                // the tabs before it are found in one pass, a word at a time.
                if (k + contigLen >= held || (contigWord != 0 && k <= lastWord ? (Swar.word(b, k) & contigMask) != contigWord
                        : b[k + contigLen] != TAB || !sameBytes(b, k, contig, contigLen))) {
                    break;
                }
                int t = readPos(b, k + contigLen + 1, held);
                long next = parsedPos;
                if (t < 0 || next < lastPos || sinceCheckpoint >= spacing || next - spans[spanCount - 1] > gap) {
                    break;
                }
                int nl = -1;
                int tabs = 0;
                for (int j = t + 1, last = held - Long.BYTES; j <= last; j += Long.BYTES) {
                    long w = Swar.word(b, j);
                    long feeds = Swar.eq(w, LINE_FEEDS);
                    long tabMask = Swar.eq(w, TABS);
                    if (feeds != 0) {
                        tabs += Long.bitCount(tabMask & ((feeds & -feeds) - 1)); // the tabs before the line feed
                        nl = j + Swar.first(feeds);
                        break;
                    }
                    tabs += Long.bitCount(tabMask);
                }
                if (nl < 0 || tabs < 5) { // near the end of what is held, or too few columns
                    break;
                }
                if (next > spans[spanCount - 1]) {
                    spans[spanCount - 1] = next;
                }
                int len = nl + 1 - k;
                lines++;
                unreported += len;
                if (unreported >= PROGRESS_EVERY) {
                    progress.accept(unreported);
                    unreported = 0;
                }
                sinceCheckpoint += len;
                lastPos = next;
                runVariants++;
                variants++;
                k = nl + 1;
            }
            r.consumeTo(k);
        }
        progress.accept(unreported);
        if (contigName != null && dataEnd >= 0) {
            runs.add(new ScanResult.Run(contigName, runStart, dataEnd, runVariants, runFirst, lastPos,
                    Arrays.copyOf(spans, spanCount)));
        }
        return new ScanResult(lines, firstHash, lastHash, lastHashLine, lastHashChrom, headerEnd >= 0 ? headerEnd : null,
                firstData, firstDataLine, dataEnd >= 0 ? dataEnd : null, variants, runs, cps.build(), problem, unsorted);
    }

    /**
     * Reads POS from {@code b[from, lineEnd)}: its value goes to {@link #parsedPos}, and the index of the tab after it
     * is returned; -1 when POS is not 1 to 18 digits followed by a tab.
     */
    private int readPos(byte[] b, int from, int lineEnd) {
        long pos = 0;
        int i = from;
        int digits = 0;
        if (i + Long.BYTES <= b.length) { // up to 8 digits from one word; the loop goes on after 8
            long w = Swar.word(b, i);
            digits = Math.min(Swar.leadingDigits(w), lineEnd - i);
            if (digits > 0) {
                pos = Swar.parseDigits(w, digits);
                i += digits;
            }
        }
        while (i < lineEnd && b[i] >= '0' && b[i] <= '9' && digits < 18) {
            pos = pos * 10 + (b[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0 || i >= lineEnd || b[i] != TAB) {
            return -1;
        }
        parsedPos = pos;
        return i;
    }

    /** {@code name[0, len)} and a tab as the first bytes of a little-endian word (as {@link Swar#word} reads them). */
    private static long contigWord(byte[] name, int len) {
        long w = TAB & 0xffL;
        for (int i = len - 1; i >= 0; i--) {
            w = (w << 8) | (name[i] & 0xffL);
        }
        return w;
    }

    private static long[] add(long[] a, int i, long value) {
        if (i == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
        }
        a[i] = value;
        return a;
    }

    /**
     * Whether {@code a[from, from + len)} equals {@code b[0, len)}. CHROM is compared on every line and is short: a
     * plain loop beats {@link Arrays#equals}'s vectorized setup there.
     */
    private static boolean sameBytes(byte[] a, int from, byte[] b, int len) {
        if (len > 32) {
            return Arrays.equals(a, from, from + len, b, 0, len);
        }
        for (int k = len - 1; k >= 0; k--) { // from the end: contigs that differ usually differ last (chr1, chr2)
            if (a[from + k] != b[k]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfTab(byte[] b, int from, int to) {
        return Swar.indexOf(b, from, to, TAB);
    }

    private static boolean startsWith(byte[] b, int o, int len, String prefix) {
        if (len < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[o + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, Math.max(0, to - from), StandardCharsets.UTF_8);
    }
}
