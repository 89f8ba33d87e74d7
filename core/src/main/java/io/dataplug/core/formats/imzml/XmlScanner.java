package io.dataplug.core.formats.imzml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayDeque;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams XML with the JDK's StAX parser and knows the exact bytes of every tag. Bytes reach the parser one char
 * per byte (ISO-8859-1), so offsets are byte offsets in any ASCII-compatible encoding (UTF-8, ISO-8859-1...):
 * markup and the values read here (accessions, numbers, ids) are ASCII, and other bytes only occur in text that is
 * copied, never interpreted. StAX's own locations are not exact (they may run past the next {@code <}), so a small
 * tag finder watches the bytes as they are handed over and queues where each start and end tag lies (skipping
 * comments, CDATA sections, processing instructions, and {@code >} inside quoted attribute values); element
 * events take their positions from that queue in order. Parsing is namespace-unaware (names are matched without
 * prefix), with DTDs and external entities off.
 */
final class XmlScanner implements AutoCloseable {

    private final Feed feed;
    private final XMLStreamReader reader;
    private final long base;
    private final int prefix;
    private long tagStart;
    private long tagEnd;
    private boolean selfClosed;

    /**
     * @param in     the bytes from absolute offset {@code base} on
     * @param opened markup parsed before the bytes (e.g. {@code <spectrumList>} for a fragment), or ""
     */
    XmlScanner(InputStream in, long base, String opened) throws XMLStreamException {
        this(in, base, opened, 64 << 10);
    }

    private XmlScanner(InputStream in, long base, String opened, int buffer) throws XMLStreamException {
        this.feed = new Feed(in, opened, buffer);
        this.base = base;
        this.prefix = opened.length();
        this.reader = FACTORY.get().createXMLStreamReader(feed);
    }

    /** Scans bytes held in memory (a spectrum being rewritten). */
    static XmlScanner of(byte[] data) throws XMLStreamException {
        return new XmlScanner(new ByteArrayInputStream(data), 0, "", Math.max(256, Math.min(64 << 10, data.length)));
    }

    /** The JDK's own StAX implementation (not whatever else is on the classpath), one per thread. */
    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(() -> {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    });

    int next() throws XMLStreamException {
        int e = reader.next();
        if (e == XMLStreamConstants.START_ELEMENT) {
            long[] t = feed.tag(false);
            tagStart = t[0];
            tagEnd = t[1];
            selfClosed = t[2] != 0;
        } else if (e == XMLStreamConstants.END_ELEMENT) {
            if (selfClosed) {
                selfClosed = false;
            } else {
                long[] t = feed.tag(true);
                tagStart = t[0];
                tagEnd = t[1];
            }
        }
        return e;
    }

    /** The current element's name without namespace prefix. */
    String name() {
        return local(reader.getLocalName());
    }

    /** An attribute of the current start tag by name (without prefix), or null. */
    String attribute(String name) {
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            if (local(reader.getAttributeLocalName(i)).equals(name)) {
                return reader.getAttributeValue(i);
            }
        }
        return null;
    }

    /** Absolute byte offset of the {@code <} of the current event's tag. */
    long start() {
        return absolute(tagStart);
    }

    /** Absolute byte offset just after the {@code >} of the current event's tag (for an empty element, its only tag). */
    long end() {
        return absolute(tagEnd);
    }

    /** Absolute offset of the bytes read so far: where the document ended, at END_DOCUMENT. */
    long position() {
        return absolute(feed.delivered);
    }

    /** Absolute byte offset of a parse error, near where the parser says, or -1 when it does not. */
    long offsetOf(XMLStreamException e) {
        Location l = e.getLocation();
        return l == null || l.getCharacterOffset() < 0 ? -1 : Math.max(base, absolute(l.getCharacterOffset()));
    }

    private long absolute(long charOffset) {
        return base + charOffset - prefix;
    }

    private static String local(String name) {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(colon + 1);
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // nothing held but the stream, closed below
        }
        feed.close();
    }

    /** Bytes as chars, one to one, with a tag finder running over them. */
    private static final class Feed extends Reader {
        private static final int TEXT = 0;
        private static final int OPEN = 1;
        private static final int BANG = 2;
        private static final int COMMENT = 3;
        private static final int CDATA = 4;
        private static final int PI = 5;
        private static final int DECLARATION = 6;
        private static final int TAG = 7;
        private static final int END_TAG = 8;

        private final InputStream in;
        private final String opened;
        private final byte[] buf;
        /** Found tags, in order: {start, end, self-closing} for start tags, {start, end, -1} for end tags. */
        private final ArrayDeque<long[]> tags = new ArrayDeque<>();
        long delivered;
        private int state = TEXT;
        private long start;
        private int quote;
        private int run;
        private int previous;
        private final StringBuilder lead = new StringBuilder();

        Feed(InputStream in, String opened, int buffer) {
            this.in = in;
            this.opened = opened;
            this.buf = new byte[buffer];
        }

        long[] tag(boolean end) throws XMLStreamException {
            long[] t = tags.poll();
            if (t == null || (t[2] < 0) != end) {
                throw new XMLStreamException("tag finder out of step with the parser near byte " + delivered);
            }
            return t;
        }

        @Override
        public int read(char[] c, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (delivered < opened.length()) {
                int n = (int) Math.min(len, opened.length() - delivered);
                for (int i = 0; i < n; i++) {
                    char ch = opened.charAt((int) delivered);
                    c[off + i] = ch;
                    step(ch);
                }
                return n;
            }
            int n = in.read(buf, 0, Math.min(len, buf.length));
            for (int i = 0; i < n; i++) {
                int ch = buf[i] & 0xff;
                c[off + i] = (char) ch;
                step(ch);
            }
            return n;
        }

        /** Advances the tag finder over the char at {@code delivered}. */
        private void step(int ch) {
            long pos = delivered++;
            switch (state) {
                case TEXT -> {
                    if (ch == '<') {
                        state = OPEN;
                        start = pos;
                    }
                }
                case OPEN -> {
                    lead.setLength(0);
                    state = switch (ch) {
                        case '!' -> BANG;
                        case '?' -> PI;
                        case '/' -> END_TAG;
                        default -> TAG;
                    };
                    run = 0;
                    quote = 0;
                    previous = ch;
                }
                case BANG -> {
                    // "<!--" opens a comment, "<![CDATA[" a CDATA section, anything else a declaration (<!DOCTYPE ...>)
                    lead.append((char) ch);
                    String l = lead.toString();
                    if (l.equals("--")) {
                        state = COMMENT;
                        run = 0;
                    } else if (l.equals("[CDATA[")) {
                        state = CDATA;
                        run = 0;
                    } else if (!"--".startsWith(l) && !"[CDATA[".startsWith(l)) {
                        state = DECLARATION;
                        run = 0;
                        quote = 0;
                        delivered--;
                        step(ch);
                    }
                }
                case COMMENT -> {
                    if (ch == '>' && run >= 2) {
                        state = TEXT;
                    }
                    run = ch == '-' ? run + 1 : 0;
                }
                case CDATA -> {
                    if (ch == '>' && run >= 2) {
                        state = TEXT;
                    }
                    run = ch == ']' ? run + 1 : 0;
                }
                case PI -> {
                    if (ch == '>' && previous == '?') {
                        state = TEXT;
                    }
                    previous = ch;
                }
                case DECLARATION -> {
                    if (quote != 0) {
                        quote = ch == quote ? 0 : quote;
                    } else if (ch == '"' || ch == '\'') {
                        quote = ch;
                    } else if (ch == '[') {
                        run++;
                    } else if (ch == ']') {
                        run--;
                    } else if (ch == '>' && run <= 0) {
                        state = TEXT;
                    }
                }
                case TAG, END_TAG -> {
                    if (quote != 0) {
                        quote = ch == quote ? 0 : quote;
                    } else if (ch == '"' || ch == '\'') {
                        quote = ch;
                    } else if (ch == '>') {
                        tags.add(new long[] {start, pos + 1, state == END_TAG ? -1 : previous == '/' ? 1 : 0});
                        state = TEXT;
                        return;
                    }
                    if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') {
                        previous = ch;
                    }
                }
                default -> throw new IllegalStateException("tag finder state " + state);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
