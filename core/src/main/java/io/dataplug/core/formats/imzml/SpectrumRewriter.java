package io.dataplug.core.formats.imzml;

import io.dataplug.core.format.DataFormatException;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Rewrites one spectrum element for a slice: its {@code index} attribute, and the external offset, array length and
 * encoded length of its m/z and intensity arrays. A slice states these per spectrum: cvParams the spectrum had are
 * replaced, and values it took from a referenceable group are added (the slice's header leaves them out of the
 * groups). Everything else is copied byte for byte.
 */
final class SpectrumRewriter {

    private final Map<String, String> groupKinds;
    private final String imsRef;
    private final String uri;

    SpectrumRewriter(Map<String, String> groupKinds, String imsRef, String uri) {
        this.groupKinds = groupKinds;
        this.imsRef = imsRef == null ? "IMS" : imsRef;
        this.uri = uri;
    }

    /**
     * @param at        where the spectrum is in the original .imzML (for messages)
     * @param mz        the m/z array in the new .ibd: offset, length in values, encoded bytes; {@code intensity} alike
     */
    byte[] rewrite(byte[] xml, long at, int index, long[] mz, long[] intensity) {
        XmlEdits edits = new XmlEdits();
        try (XmlScanner s = XmlScanner.of(xml)) {
            int depth = 0;
            int arrayDepth = -1;
            int insertAt = 0;
            int deleteFrom = -1;
            String indent = null;
            String parentIndent = "";
            String kind = null;
            int arrays = 0;
            boolean sawMz = false;
            while (true) {
                int e = s.next();
                if (e == XMLStreamConstants.END_DOCUMENT) {
                    break;
                }
                if (e == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = s.name();
                    if (depth == 1) {
                        edits.setAttribute(xml, (int) s.start(), (int) s.end(), "index", Integer.toString(index));
                    } else if (name.equals("binaryDataArray") && arrayDepth < 0) {
                        arrayDepth = depth;
                        insertAt = (int) s.end();
                        indent = null;
                        parentIndent = XmlEdits.indentOf(xml, (int) s.start());
                        kind = null;
                    } else if (depth == arrayDepth + 1) {
                        if (indent == null) { // new cvParams are indented like the array's first child
                            indent = XmlEdits.indentOf(xml, (int) s.start());
                        }
                        if (name.equals("referenceableParamGroupRef")) {
                            kind = kind != null ? kind : groupKinds.get(s.attribute("ref"));
                        } else if (name.equals("cvParam")) {
                            String acc = s.attribute("accession");
                            if (Cv.MZ_ARRAY.equals(acc) || Cv.INTENSITY_ARRAY.equals(acc)) {
                                kind = Cv.MZ_ARRAY.equals(acc) ? "mz" : "intensity";
                            } else if (Cv.EXTERNAL.contains(acc)) {
                                deleteFrom = (int) s.start();
                            }
                        }
                    }
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    if (depth == arrayDepth + 1) {
                        if (s.name().equals("referenceableParamGroupRef")) {
                            insertAt = (int) s.end();
                        } else if (deleteFrom >= 0) {
                            edits.deleteElement(xml, deleteFrom, (int) s.end());
                            deleteFrom = -1;
                        }
                    } else if (depth == arrayDepth) {
                        if (kind == null) {
                            throw new DataFormatException(uri, at, 0, "a binary data array of spectrum " + index
                                    + " of this slice is neither m/z nor intensity", "the .imzML changed since it was indexed");
                        }
                        sawMz |= kind.equals("mz");
                        arrays++;
                        edits.insert(insertAt, params(indent != null ? indent : parentIndent + "  ", kind.equals("mz") ? mz : intensity));
                        arrayDepth = -1;
                    }
                    depth--;
                }
            }
            if (arrays != 2 || !sawMz) {
                throw new DataFormatException(uri, at, 0, "the spectrum does not have one m/z and one intensity array",
                        "the .imzML changed since it was indexed");
            }
        } catch (XMLStreamException e) {
            throw ChunkParser.malformed(uri, e, at);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return edits.apply(xml);
    }

    private String params(String indent, long[] a) {
        return param(indent, Cv.EXTERNAL_LENGTH, "external array length", a[1])
                + param(indent, Cv.EXTERNAL_OFFSET, "external offset", a[0])
                + param(indent, Cv.EXTERNAL_ENCODED_LENGTH, "external encoded length", a[2]);
    }

    private String param(String indent, String accession, String name, long value) {
        return "\n" + indent + "<cvParam cvRef=\"" + imsRef + "\" accession=\"" + accession + "\" name=\"" + name
                + "\" value=\"" + value + "\"/>";
    }
}
