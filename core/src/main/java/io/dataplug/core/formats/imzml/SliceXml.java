package io.dataplug.core.formats.imzml;

import io.dataplug.core.format.SliceContext;
import io.dataplug.core.slice.SourceObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a slice's .imzML: the original document around the slice's spectra, byte for byte except for the UUID,
 * the ibd checksum and the spectrum count in the header, the external-data cvParams left out of referenceable
 * groups, and each spectrum's index and array offsets ({@link SpectrumRewriter}).
 */
final class SliceXml {

    private final SliceContext ctx;
    private final SourceObject xml;
    private final ImzmlIndex.Layout layout;
    private final Selected spectra;
    private final IbdPlan ibd;
    private final String uuid;
    private final String checksum;

    /**
     * @param uuid     the new UUID as it is to be written; {@code checksum} the new .ibd's digest (null when the
     *                 original states none)
     */
    SliceXml(SliceContext ctx, SourceObject xml, ImzmlIndex.Layout layout, Selected spectra, IbdPlan ibd, String uuid,
             String checksum) {
        this.ctx = ctx;
        this.xml = xml;
        this.layout = layout;
        this.spectra = spectra;
        this.ibd = ibd;
        this.uuid = uuid;
        this.checksum = checksum;
        check();
    }

    /** The slice is untrusted input: every place it names must lie where the index says such things lie. */
    private void check() {
        long headerEnd = layout.headerEnd();
        if (headerEnd < 0 || headerEnd > layout.trailerStart() || layout.trailerStart() > layout.size()
                || layout.size() != xml.size() || headerEnd > Integer.MAX_VALUE - 8 || layout.size() - layout.trailerStart() > IndexBuilder.MAX_TRAILER) {
            throw new IllegalArgumentException(xml.uri() + ": the slice's layout does not fit the object");
        }
        for (Span s : spans()) {
            if (s != null && (s.start() < 0 || s.end() > headerEnd || s.end() < s.start())) {
                throw new IllegalArgumentException(xml.uri() + ": the slice names bytes " + s + " outside the header");
            }
        }
        for (int i = 0; i < spectra.count(); i++) {
            if (spectra.xmlStart()[i] < headerEnd || spectra.xmlEnd()[i] > layout.trailerStart()
                    || spectra.xmlEnd()[i] <= spectra.xmlStart()[i] || spectra.xmlEnd()[i] - spectra.xmlStart()[i] > Integer.MAX_VALUE - 8
                    || (i > 0 && spectra.xmlStart()[i] < spectra.xmlEnd()[i - 1])) {
                throw new IllegalArgumentException(xml.uri() + ": spectrum " + i + " of the slice is not inside the spectrum list");
            }
        }
    }

    private java.util.List<Span> spans() {
        java.util.List<Span> s = new java.util.ArrayList<>(layout.removed());
        s.add(layout.uuidParam());
        s.add(layout.checksumParam());
        s.add(layout.listTag());
        return s;
    }

    void writeTo(OutputStream out) throws IOException {
        byte[] header = read(0, layout.headerEnd());
        out.write(header(header));
        byte[] separator = separator(header);
        SpectrumRewriter rewriter = new SpectrumRewriter(layout.groupKinds(), layout.imsRef(), xml.uri());
        try (RangeReader r = new RangeReader((s, e) -> ctx.open(xml, s, e), spectra.xmlStart(), spectra.xmlEnd())) {
            for (int i = 0; i < spectra.count(); i++) {
                if (i > 0) {
                    out.write(separator);
                }
                out.write(rewriter.rewrite(r.next(), spectra.xmlStart()[i], i, ibd.array(Tables.MZ, i), ibd.array(Tables.INTENSITY, i)));
            }
        }
        out.write(read(layout.trailerStart(), layout.size()));
    }

    private byte[] header(byte[] h) {
        XmlEdits edits = new XmlEdits();
        if (layout.uuidParam() != null) {
            edits.setAttribute(h, (int) layout.uuidParam().start(), (int) layout.uuidParam().end(), "value", uuid);
        }
        if (checksum != null && layout.checksumParam() != null) {
            edits.setAttribute(h, (int) layout.checksumParam().start(), (int) layout.checksumParam().end(), "value", checksum);
        }
        for (Span s : layout.removed()) {
            edits.deleteElement(h, (int) s.start(), (int) s.end());
        }
        edits.setAttribute(h, (int) layout.listTag().start(), (int) layout.listTag().end(), "count",
                Integer.toString(spectra.count()));
        return edits.apply(h);
    }

    /** What goes between two spectra: the line break and indentation before the original's first spectrum. */
    private static byte[] separator(byte[] header) {
        int i = header.length;
        while (i > 0 && (header[i - 1] == ' ' || header[i - 1] == '\t')) {
            i--;
        }
        if (i > 0 && header[i - 1] == '\n') {
            int from = i > 1 && header[i - 2] == '\r' ? i - 2 : i - 1;
            return java.util.Arrays.copyOfRange(header, from, header.length);
        }
        return "\n".getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] read(long start, long end) throws IOException {
        try (InputStream in = ctx.open(xml, start, end)) {
            byte[] b = in.readNBytes((int) (end - start));
            if (b.length != end - start) {
                throw new IOException(xml.uri() + ": range [" + start + ", " + end + ") ended early");
            }
            return b;
        }
    }
}
