package io.dataplug.core.formats.imzml;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.formats.imzml.ImzmlChunk.ArrayTerms;
import io.dataplug.core.formats.imzml.ImzmlChunk.Signature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Parses the spectra of one byte range of an .imzML with {@link XmlScanner}, either from the document's first byte
 * ({@link #document}: chunk 0, header included) or from a spectrum start tag ({@link #fragment}). It keeps the
 * spectra whose start tag begins before {@code end} and stops at the next spectrum's start tag or at the end of the
 * spectrum list, reading past {@code end} only that far.
 */
final class ChunkParser {

    static final String FRAGMENT_ROOT = "<spectrumList>";
    static final String XML_HINT = "the .imzML is truncated or not well-formed XML";

    private final XmlScanner xml;
    private final String uri;
    private final long chunkStart;
    private final long end;
    private final Rows rows = new Rows();
    private final Map<Signature, Integer> signatures = new HashMap<>();
    private final List<Signature> signatureList = new ArrayList<>();
    private long first = -1;
    private long next = -1;
    private boolean listEnded;
    private MzRange mz = MzRange.NONE;

    private ChunkParser(XmlScanner xml, String uri, long chunkStart, long end) {
        this.xml = xml;
        this.uri = uri;
        this.chunkStart = chunkStart;
        this.end = end;
    }

    /** Parses from the document's first byte: the header, then the spectra that start before {@code end}. */
    static ImzmlChunk document(InputStream raw, long end, String uri) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 3);
        byte[] head = in.readNBytes(3);
        long base = 0;
        if (head.length == 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
            base = 3;
        } else {
            if (head.length >= 2 && ((head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff
                    || (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe)) {
                throw new DataFormatException(uri, 0, 0, "UTF-16 encoded XML is not supported", "store the .imzML as UTF-8");
            }
            in.unread(head);
        }
        XmlScanner x = scanner(in, base, "", uri);
        try (x) {
            ChunkParser p = new ChunkParser(x, uri, 0, end);
            HeaderParser header = new HeaderParser(x, uri);
            int depth = header.parse();
            p.spectra(depth);
            return p.result(header.header());
        } catch (XMLStreamException e) {
            throw malformed(uri, e, x.offsetOf(e));
        }
    }

    /** Parses from the spectrum start tag at {@code from}; {@code chunkStart} is only reported back. */
    static ImzmlChunk fragment(InputStream in, long from, long chunkStart, long end, String uri) throws IOException {
        XmlScanner x = scanner(in, from, FRAGMENT_ROOT, uri);
        try (x) {
            if (x.next() != XMLStreamConstants.START_ELEMENT) {
                throw new XMLStreamException("expected the spectrum list");
            }
            ChunkParser p = new ChunkParser(x, uri, chunkStart, end);
            p.spectra(1);
            return p.result(null);
        } catch (XMLStreamException e) {
            throw malformed(uri, e, x.offsetOf(e));
        }
    }

    private static XmlScanner scanner(InputStream in, long base, String opened, String uri) {
        try {
            return new XmlScanner(in, base, opened);
        } catch (XMLStreamException e) {
            throw malformed(uri, e, base);
        }
    }

    static DataFormatException malformed(String uri, XMLStreamException e, long offset) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("Message: ");
        String why = (i >= 0 ? m.substring(i + "Message: ".length()) : m).replace('\n', ' ').trim();
        long at = offset >= 0 ? offset : e.getLocation() != null ? Math.max(0, e.getLocation().getCharacterOffset()) : 0;
        return new DataFormatException(uri, at, 0, "malformed XML: " + why, XML_HINT);
    }

    /** Reads spectra while the open element depth is below the list's ({@code listDepth}: spectra are one deeper). */
    private void spectra(int listDepth) throws XMLStreamException {
        int depth = listDepth;
        Spectrum cur = null;
        int arrayDepth = -1;
        while (true) {
            int e = xml.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String name = xml.name();
                if (depth == listDepth + 1) {
                    if (!name.equals("spectrum")) {
                        throw error(xml.start(), "unexpected <" + name + "> in the spectrum list", null);
                    }
                    long s = xml.start();
                    if (first < 0) {
                        first = s;
                    }
                    if (s >= end) {
                        next = s;
                        return;
                    }
                    cur = new Spectrum(s);
                } else if (cur != null) {
                    boolean inArray = arrayDepth > 0 && depth == arrayDepth + 1;
                    switch (name) {
                        case "binaryDataArray" -> {
                            cur.arrays.add(new ArrayState());
                            arrayDepth = depth;
                        }
                        case "referenceableParamGroupRef" -> (inArray ? cur.lastArray().refs : cur.refs).add(required("ref"));
                        case "cvParam" -> {
                            String acc = required("accession");
                            String value = xml.attribute("value");
                            if (inArray) {
                                cur.lastArray().param(acc, value, this);
                            } else {
                                cur.param(acc, value, this);
                            }
                        }
                        default -> { }
                    }
                }
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                if (depth == listDepth + 1 && cur != null) {
                    add(cur, xml.end());
                    cur = null;
                } else if (depth == listDepth) {
                    listEnded = true;
                    return;
                } else if (depth == arrayDepth) {
                    arrayDepth = -1;
                }
                depth--;
            } else if (e == XMLStreamConstants.END_DOCUMENT) {
                throw error(xml.position(), "the document ends inside the spectrum list", XML_HINT);
            }
        }
    }

    private String required(String attribute) {
        String v = xml.attribute(attribute);
        if (v == null) {
            throw error(xml.start(), "<" + xml.name() + "> without a '" + attribute + "' attribute", null);
        }
        return v;
    }

    private void add(Spectrum s, long xmlEnd) {
        List<ArrayTerms> terms = new ArrayList<>();
        for (ArrayState a : s.arrays) {
            terms.add(new ArrayTerms(List.copyOf(a.refs), List.copyOf(a.terms)));
        }
        Signature sig = new Signature(List.copyOf(s.refs), terms);
        int id = signatures.computeIfAbsent(sig, k -> {
            signatureList.add(k);
            return signatureList.size() - 1;
        });
        rows.add(s, xmlEnd, id);
        mz = mz.with(s.mz);
    }

    private ImzmlChunk result(ImzmlChunk.Header header) {
        return new ImzmlChunk(chunkStart, end, first, next, listEnded, null, -1, header, signatureList, rows.n,
                rows.encode(), mz.low(), mz.high());
    }

    DataFormatException error(long offset, String problem, String hint) {
        return new DataFormatException(uri, offset, 0, problem, hint);
    }

    long number(String accession, String value) {
        if (value == null) {
            throw error(xml.start(), "cvParam " + accession + " has no value", null);
        }
        try {
            String v = value.trim();
            return v.endsWith(".0") ? Long.parseLong(v.substring(0, v.length() - 2)) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw error(xml.start(), "cvParam " + accession + " has value '" + value + "', expected a whole number", null);
        }
    }

    Double decimal(String accession, String value) {
        try {
            return value == null ? null : Double.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw error(xml.start(), "cvParam " + accession + " has value '" + value + "', expected a number", null);
        }
    }

    /** A spectrum being read: what it states itself. */
    private static final class Spectrum {
        final long start;
        int x = ImzmlChunk.NONE_INT;
        int y = ImzmlChunk.NONE_INT;
        int z = ImzmlChunk.NONE_INT;
        MzRange mz = MzRange.NONE;
        final List<String> refs = new ArrayList<>();
        final List<ArrayState> arrays = new ArrayList<>();

        Spectrum(long start) {
            this.start = start;
        }

        ArrayState lastArray() {
            return arrays.get(arrays.size() - 1);
        }

        void param(String acc, String value, ChunkParser p) {
            switch (acc) {
                case Cv.POSITION_X -> x = coordinate(acc, value, p);
                case Cv.POSITION_Y -> y = coordinate(acc, value, p);
                case Cv.POSITION_Z -> z = coordinate(acc, value, p);
                case Cv.LOWEST_MZ, Cv.WINDOW_LOWER -> mz = mz.withLow(p.decimal(acc, value));
                case Cv.HIGHEST_MZ, Cv.WINDOW_UPPER -> mz = mz.withHigh(p.decimal(acc, value));
                default -> { }
            }
        }

        private static int coordinate(String acc, String value, ChunkParser p) {
            long v = p.number(acc, value);
            if (v < Integer.MIN_VALUE + 1 || v > Integer.MAX_VALUE) {
                throw p.error(p.xml.start(), "position " + acc + " = " + v + " is out of range", null);
            }
            return (int) v;
        }
    }

    /** A binary data array being read. */
    private static final class ArrayState {
        final List<String> refs = new ArrayList<>();
        final List<String> terms = new ArrayList<>();
        long offset = ImzmlChunk.NONE;
        long length = ImzmlChunk.NONE;
        long encoded = ImzmlChunk.NONE;

        void param(String acc, String value, ChunkParser p) {
            switch (acc) {
                case Cv.EXTERNAL_OFFSET -> offset = nonNegative(acc, p.number(acc, value), p);
                case Cv.EXTERNAL_LENGTH -> length = nonNegative(acc, p.number(acc, value), p);
                case Cv.EXTERNAL_ENCODED_LENGTH -> encoded = nonNegative(acc, p.number(acc, value), p);
                default -> {
                    if (Cv.describesArray(acc)) {
                        terms.add(acc);
                    }
                }
            }
        }

        private static long nonNegative(String acc, long v, ChunkParser p) {
            if (v < 0) {
                throw p.error(p.xml.start(), acc + " is negative (" + v + ")",
                        "the writer overflowed a 32-bit offset; the .imzML needs rewriting");
            }
            return v;
        }
    }

    /** The spectra read so far, as growable columns. */
    private static final class Rows {
        int n;
        long[] xmlStart = new long[64];
        long[] xmlEnd = new long[64];
        int[] x = new int[64];
        int[] y = new int[64];
        int[] z = new int[64];
        int[] sig = new int[64];
        long[][] arrays = new long[6][64];

        void add(Spectrum s, long end, int signature) {
            if (n == x.length) {
                int size = n * 2;
                xmlStart = Arrays.copyOf(xmlStart, size);
                xmlEnd = Arrays.copyOf(xmlEnd, size);
                x = Arrays.copyOf(x, size);
                y = Arrays.copyOf(y, size);
                z = Arrays.copyOf(z, size);
                sig = Arrays.copyOf(sig, size);
                for (int i = 0; i < arrays.length; i++) {
                    arrays[i] = Arrays.copyOf(arrays[i], size);
                }
            }
            xmlStart[n] = s.start;
            xmlEnd[n] = end;
            x[n] = s.x;
            y[n] = s.y;
            z[n] = s.z;
            sig[n] = signature;
            for (int a = 0; a < 2; a++) {
                ArrayState st = a < s.arrays.size() ? s.arrays.get(a) : null;
                arrays[a * 3][n] = st == null ? ImzmlChunk.NONE : st.offset;
                arrays[a * 3 + 1][n] = st == null ? ImzmlChunk.NONE : st.length;
                arrays[a * 3 + 2][n] = st == null ? ImzmlChunk.NONE : st.encoded;
            }
            n++;
        }

        byte[] encode() {
            return ImzmlChunk.TABLE.encode(n, xmlStart, xmlEnd, x, y, z, sig,
                    arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], arrays[5]);
        }
    }
}
