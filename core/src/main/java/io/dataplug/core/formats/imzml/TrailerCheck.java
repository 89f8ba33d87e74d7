package io.dataplug.core.formats.imzml;

import io.dataplug.core.format.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Checks the document after the last spectrum, which every slice copies: it must close the elements around the
 * spectrum list and hold nothing that points into the .ibd (chromatograms, binary arrays) or more spectra.
 */
final class TrailerCheck {

    private static final Set<String> REFUSED = Set.of("spectrum", "spectrumList", "chromatogramList", "chromatogram",
            "binaryDataArray");

    private TrailerCheck() {
    }

    static void check(InputStream in, long from, List<String> ancestors, String uri) throws IOException {
        StringBuilder opened = new StringBuilder();
        ancestors.forEach(a -> opened.append('<').append(a).append('>'));
        opened.append(ChunkParser.FRAGMENT_ROOT);
        int synthetic = ancestors.size() + 1;
        XmlScanner xml;
        try {
            xml = new XmlScanner(in, from, opened.toString());
        } catch (XMLStreamException e) {
            throw ChunkParser.malformed(uri, e, from);
        }
        try (xml) {
            int starts = 0;
            while (true) {
                int e = xml.next();
                if (e == XMLStreamConstants.END_DOCUMENT) {
                    return;
                }
                if (e == XMLStreamConstants.START_ELEMENT && ++starts > synthetic && REFUSED.contains(xml.name())) {
                    throw new DataFormatException(uri, xml.start(), 0, "<" + xml.name() + "> after the spectrum list is not supported",
                            "imzML keeps its spectra in one spectrum list and has no chromatograms");
                }
            }
        } catch (XMLStreamException e) {
            throw ChunkParser.malformed(uri, e, xml.offsetOf(e));
        }
    }
}
