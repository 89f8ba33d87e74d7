package io.dataplug.core.formats.lines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The word-at-a-time {@link RecordScanner} against a byte-at-a-time reference of the same state table (the
 * scanner before SWAR), fed the same bytes in random pieces so state crosses every kind of boundary.
 */
class RecordScannerSwarTest {

    private static final byte[] CSV_BYTES = {'"', '"', ',', '\n', '\r', 'a', ' ', (byte) 0x80, (byte) 0xe9, (byte) 0xff, ';', '\''};

    @Test
    void csvAgreesWithTheReferenceOnRandomInputs() {
        Random rnd = new Random(7);
        for (int round = 0; round < 5_000; round++) {
            byte[] data = new byte[rnd.nextInt(200)];
            int density = 1 + rnd.nextInt(30); // from mostly-special to long plain runs
            for (int i = 0; i < data.length; i++) {
                data[i] = rnd.nextInt(density) == 0 ? CSV_BYTES[rnd.nextInt(CSV_BYTES.length)] : (byte) ('a' + rnd.nextInt(26));
            }
            LineSyntax syntax = rnd.nextBoolean() ? new LineSyntax('"', ',') : new LineSyntax('\'', ';');
            int startState = rnd.nextInt(RecordScanner.START_STATES + 1);
            check(syntax, startState, data, rnd);
        }
    }

    @Test
    void quotesAndLineBreaksAtEveryWordPosition() {
        Random rnd = new Random(11);
        String[] cells = {"\"a\"\"b\"", "\"x\ny\"", "plain", "", "\"\"", "a\"b", "\"q\",", "\r\n", "\n", "\"\r\n\""};
        for (int round = 0; round < 3_000; round++) {
            StringBuilder sb = new StringBuilder();
            for (int pad = rnd.nextInt(9); pad > 0; pad--) {
                sb.append('p');
            }
            int cellsInRow = 1 + rnd.nextInt(6);
            for (int r = rnd.nextInt(6); r >= 0; r--) {
                for (int c = 0; c < cellsInRow; c++) {
                    sb.append(c == 0 ? "" : ",").append(cells[rnd.nextInt(cells.length)]);
                }
                sb.append(rnd.nextBoolean() ? "\n" : "\r\n");
            }
            byte[] data = sb.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            for (int state = 0; state <= RecordScanner.START_STATES; state++) {
                check(new LineSyntax('"', ','), state, data, rnd);
            }
        }
    }

    @Test
    void plainLinesAgreeWithTheReference() {
        Random rnd = new Random(3);
        for (int round = 0; round < 3_000; round++) {
            byte[] data = io.dataplug.core.io.SwarTest.random(rnd, rnd.nextInt(150));
            check(LineSyntax.LINES, 0, data, rnd);
            check(new LineSyntax(-1, ','), 0, data, rnd);
        }
    }

    /**
     * Same terminators, same end state, same open quote, for one random split of the input into calls, some of
     * them {@link RecordScanner#count}s.
     */
    private static void check(LineSyntax syntax, int startState, byte[] data, Random rnd) {
        RecordScanner fast = syntax.scanner(startState);
        ByteAtATimeScanner ref = new ByteAtATimeScanner(syntax, startState);
        List<Integer> expected = new ArrayList<>();
        List<Integer> actual = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            int to = pos + 1 + rnd.nextInt(data.length - pos);
            // Give the scanner its piece at a random offset in a larger array, as in a reused buffer.
            int shift = rnd.nextInt(9);
            byte[] piece = new byte[shift + (to - pos) + rnd.nextInt(9)];
            System.arraycopy(data, pos, piece, shift, to - pos);
            fast.base(pos - shift);
            // Some pieces are counted in bulk instead: same number of terminators, same state after.
            boolean counted = rnd.nextInt(3) == 0;
            long count = counted ? fast.count(piece, shift, shift + to - pos) : -1;
            for (int i = shift, end = shift + to - pos; !counted && i < end; ) {
                int t = fast.next(piece, i, end);
                if (t < 0) {
                    break;
                }
                actual.add(pos - shift + t);
                i = t + 1;
            }
            int expectedBefore = expected.size();
            for (int i = pos; i < to; ) {
                int t = ref.next(data, i, to);
                if (t < 0) {
                    break;
                }
                expected.add(t);
                i = t + 1;
            }
            String what = syntax + " from state " + startState + " on " + new String(data,
                    java.nio.charset.StandardCharsets.ISO_8859_1).replace("\n", "\\n");
            if (counted) {
                List<Integer> piecesEnds = expected.subList(expectedBefore, expected.size());
                assertEquals(piecesEnds.size(), count, what + ": terminators counted in [" + pos + ", " + to + ")");
                assertEquals(!piecesEnds.isEmpty() && piecesEnds.get(piecesEnds.size() - 1) == to - 1, fast.endedRecord(),
                        what + ": whether the record ended at " + (to - 1));
                actual.addAll(piecesEnds);
            }
            assertEquals(expected, actual, what);
            assertEquals(ref.state(), fast.state(), what);
            assertEquals(ref.openQuote(), fast.openQuote(), what);
            pos = to;
        }
    }
}
