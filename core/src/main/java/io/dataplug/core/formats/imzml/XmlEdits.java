package io.dataplug.core.formats.imzml;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Byte-level edits of XML held in memory: replace, delete or insert at offsets found by {@link XmlScanner},
 * so everything not edited is copied byte for byte (encoding, formatting, comments and all).
 */
final class XmlEdits {

    private record Edit(int start, int end, byte[] bytes) {
    }

    private final List<Edit> edits = new ArrayList<>();

    void replace(int start, int end, byte[] bytes) {
        edits.add(new Edit(start, end, bytes));
    }

    void insert(int at, String text) {
        edits.add(new Edit(at, at, ascii(text)));
    }

    /** Deletes an element, with the white space that indents it on its line. */
    void deleteElement(byte[] src, int start, int end) {
        int s = start;
        while (s > 0 && (src[s - 1] == ' ' || src[s - 1] == '\t')) {
            s--;
        }
        if (s > 0 && src[s - 1] == '\n') {
            s--;
            if (s > 0 && src[s - 1] == '\r') {
                s--;
            }
        } else {
            s = start;
        }
        edits.add(new Edit(s, end, new byte[0]));
    }

    /** Sets an attribute of the start tag at {@code [start, end)}. */
    void setAttribute(byte[] src, int start, int end, String name, String value) {
        replace(start, end, setAttribute(Arrays.copyOfRange(src, start, end), name, value));
    }

    byte[] apply(byte[] src) {
        edits.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end));
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length + 256);
        int pos = 0;
        for (Edit e : edits) {
            if (e.start() < pos || e.end() > src.length) {
                throw new IllegalStateException("overlapping XML edits at byte " + e.start());
            }
            out.write(src, pos, e.start() - pos);
            out.writeBytes(e.bytes());
            pos = e.end();
        }
        out.write(src, pos, src.length - pos);
        return out.toByteArray();
    }

    /** The white space that indents the element starting at {@code tagStart}, or "" when other text precedes it. */
    static String indentOf(byte[] src, int tagStart) {
        int s = tagStart;
        while (s > 0 && (src[s - 1] == ' ' || src[s - 1] == '\t')) {
            s--;
        }
        return s == 0 || src[s - 1] == '\n' ? new String(src, s, tagStart - s, StandardCharsets.ISO_8859_1) : "";
    }

    /**
     * The start tag {@code tag} (from {@code <} to {@code >}) with attribute {@code name} set to {@code value}
     * (replaced in place, or added before the tag's end). Quotes are respected, so {@code >} in a value is fine.
     */
    static byte[] setAttribute(byte[] tag, String name, String value) {
        int i = 1;
        while (i < tag.length && !isSpace(tag[i]) && tag[i] != '/' && tag[i] != '>') {
            i++;
        }
        while (true) {
            while (i < tag.length && isSpace(tag[i])) {
                i++;
            }
            if (i >= tag.length || tag[i] == '/' || tag[i] == '>') {
                return splice(tag, i, i, " " + name + "=\"" + escape(value) + "\"");
            }
            int nameStart = i;
            while (i < tag.length && tag[i] != '=' && !isSpace(tag[i])) {
                i++;
            }
            String attr = new String(tag, nameStart, i - nameStart, StandardCharsets.ISO_8859_1);
            while (i < tag.length && (isSpace(tag[i]) || tag[i] == '=')) {
                i++;
            }
            if (i >= tag.length || (tag[i] != '"' && tag[i] != '\'')) {
                throw new IllegalArgumentException("not a start tag: " + new String(tag, StandardCharsets.ISO_8859_1));
            }
            byte quote = tag[i];
            int valueStart = ++i;
            while (i < tag.length && tag[i] != quote) {
                i++;
            }
            int colon = attr.indexOf(':');
            if ((colon < 0 ? attr : attr.substring(colon + 1)).equals(name)) {
                return splice(tag, valueStart, i, escape(value));
            }
            i++;
        }
    }

    private static byte[] splice(byte[] b, int from, int to, String text) {
        byte[] t = ascii(text);
        byte[] out = new byte[b.length - (to - from) + t.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(t, 0, out, from, t.length);
        System.arraycopy(b, to, out, from + t.length, b.length - to);
        return out;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static String escape(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;").replace("'", "&apos;");
    }

    /** Values written here are ASCII (numbers, hex), valid in every encoding the scanner accepts. */
    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
