package io.dataplug.core.formats.imzml;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.formats.imzml.ImzmlChunk.Group;
import io.dataplug.core.formats.imzml.ImzmlChunk.Header;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Reads an .imzML from its first byte up to the spectrum list's start tag and keeps what slicing needs: the
 * fileContent terms (UUID, ibd checksum, mode), the referenceable parameter groups, the image size from the
 * scan settings, and where the elements a slice rewrites are.
 */
final class HeaderParser {

    private final XmlScanner xml;
    private final String uri;
    private final List<String> stack = new ArrayList<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private String uuid;
    private Span uuidParam;
    private String imsRef;
    private String checksum;
    private Span checksumParam;
    private String mode;
    private long pixelsX;
    private long pixelsY;
    private Span listTag;
    private List<String> ancestors;
    private String groupId;
    private Map<String, String> groupParams;
    private List<Span> groupExternal;
    private long paramStart;
    private String paramAccession;
    private String paramValue;
    private String paramRef;
    private String paramParent;

    HeaderParser(XmlScanner xml, String uri) {
        this.xml = xml;
        this.uri = uri;
    }

    /** Parses up to and including the spectrum list's start tag; returns the number of open elements then. */
    int parse() throws XMLStreamException {
        while (true) {
            int e = xml.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                String name = xml.name();
                stack.add(name);
                if (stack.size() == 1 && !name.equals("mzML")) {
                    throw name.equals("indexedmzML")
                            ? error("the mzML index wrapper <indexedmzML> is not supported", "store the plain <mzML> document")
                            : error("not an imzML document: the root element is <" + name + ">, expected <mzML>", null);
                }
                switch (name) {
                    case "spectrumList" -> {
                        listTag = new Span(xml.start(), xml.end());
                        ancestors = List.copyOf(stack.subList(0, stack.size() - 1));
                        return stack.size();
                    }
                    case "referenceableParamGroup" -> {
                        groupId = xml.attribute("id");
                        if (groupId == null || groups.containsKey(groupId)) {
                            throw error("a referenceableParamGroup without an id or with a duplicate id (" + groupId + ")", null);
                        }
                        groupParams = new LinkedHashMap<>();
                        groupExternal = new ArrayList<>();
                    }
                    case "cvParam" -> {
                        paramStart = xml.start();
                        paramAccession = xml.attribute("accession");
                        paramValue = xml.attribute("value");
                        paramRef = xml.attribute("cvRef");
                        paramParent = stack.size() > 1 ? stack.get(stack.size() - 2) : "";
                    }
                    default -> { }
                }
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                String name = stack.remove(stack.size() - 1);
                if (name.equals("cvParam") && paramAccession != null) {
                    param(new Span(paramStart, xml.end()));
                } else if (name.equals("referenceableParamGroup")) {
                    groups.put(groupId, new Group(groupParams, groupExternal));
                    groupId = null;
                }
            } else if (e == XMLStreamConstants.END_DOCUMENT) {
                throw error("no <spectrumList> in the document", ChunkParser.XML_HINT);
            }
        }
    }

    private void param(Span span) {
        String acc = paramAccession;
        switch (paramParent) {
            case "fileContent" -> {
                switch (acc) {
                    case Cv.UUID -> {
                        if (paramValue == null || paramValue.isBlank()) {
                            throw error("the UUID cvParam (" + Cv.UUID + ") has no value", null);
                        }
                        uuid = paramValue.trim();
                        uuidParam = span;
                        imsRef = paramRef;
                    }
                    case Cv.MD5, Cv.SHA1 -> {
                        checksum = acc.equals(Cv.MD5) ? "MD5" : "SHA-1";
                        checksumParam = span;
                    }
                    case Cv.CONTINUOUS, Cv.PROCESSED -> {
                        String m = acc.equals(Cv.CONTINUOUS) ? "continuous" : "processed";
                        if (mode != null && !mode.equals(m)) {
                            throw error("fileContent states both continuous and processed mode", null);
                        }
                        mode = m;
                    }
                    default -> { }
                }
            }
            case "referenceableParamGroup" -> {
                if (groupParams != null) {
                    groupParams.put(acc, paramValue == null ? "" : paramValue);
                    if (Cv.EXTERNAL.contains(acc)) {
                        groupExternal.add(span);
                    }
                }
            }
            case "scanSettings" -> {
                if (acc.equals(Cv.PIXELS_X)) {
                    pixelsX = count(acc);
                } else if (acc.equals(Cv.PIXELS_Y)) {
                    pixelsY = count(acc);
                }
            }
            default -> { }
        }
        paramAccession = null;
    }

    private long count(String acc) {
        try {
            return Long.parseLong(paramValue.trim());
        } catch (RuntimeException e) {
            throw error("cvParam " + acc + " has value '" + paramValue + "', expected a whole number", null);
        }
    }

    Header header() {
        return new Header(uuid, uuidParam, imsRef, checksum, checksumParam, mode, groups, pixelsX, pixelsY, listTag, ancestors);
    }

    private DataFormatException error(String problem, String hint) {
        return new DataFormatException(uri, xml.start(), 0, problem, hint);
    }
}
