package io.dataplug.core.formats.imzml;

import java.util.Map;
import java.util.Set;

/**
 * The controlled-vocabulary terms an imzML file is read by. Everything is found by accession number (PSI-MS
 * {@code MS:}, imaging {@code IMS:}), never by element position or term name.
 */
final class Cv {

    static final String UUID = "IMS:1000080";
    static final String MD5 = "IMS:1000090";
    static final String SHA1 = "IMS:1000091";
    static final String CONTINUOUS = "IMS:1000030";
    static final String PROCESSED = "IMS:1000031";
    static final String PIXELS_X = "IMS:1000042";
    static final String PIXELS_Y = "IMS:1000043";
    static final String POSITION_X = "IMS:1000050";
    static final String POSITION_Y = "IMS:1000051";
    static final String POSITION_Z = "IMS:1000052";
    static final String EXTERNAL_OFFSET = "IMS:1000102";
    static final String EXTERNAL_LENGTH = "IMS:1000103";
    static final String EXTERNAL_ENCODED_LENGTH = "IMS:1000104";
    static final String MZ_ARRAY = "MS:1000514";
    static final String INTENSITY_ARRAY = "MS:1000515";
    static final String NO_COMPRESSION = "MS:1000576";
    static final String LOWEST_MZ = "MS:1000528";
    static final String HIGHEST_MZ = "MS:1000527";
    static final String WINDOW_LOWER = "MS:1000501";
    static final String WINDOW_UPPER = "MS:1000500";

    /** The external-data values a binary data array states per spectrum or in a referenceable group. */
    static final Set<String> EXTERNAL = Set.of(EXTERNAL_OFFSET, EXTERNAL_LENGTH, EXTERNAL_ENCODED_LENGTH);

    /** Binary data types this format cannot copy, named in the error that refuses them. */
    static final Map<String, String> UNSUPPORTED_TYPES = Map.of(
            "MS:1000520", "16-bit float", "IMS:1100000", "8-bit integer", "IMS:1100001", "16-bit integer",
            "MS:1000518", "binary data type (unspecified)");

    private Cv() {
    }

    /** True for the terms that describe an array rather than a value: its kind, data type or compression. */
    static boolean describesArray(String accession) {
        return accession.equals(MZ_ARRAY) || accession.equals(INTENSITY_ARRAY) || accession.equals(NO_COMPRESSION)
                || DataType.of(accession) != null || UNSUPPORTED_TYPES.containsKey(accession) || isCompression(accession);
    }

    /** Compression terms (children of MS:1000572) other than "no compression": zlib and the numpress family. */
    static boolean isCompression(String accession) {
        return accession.equals("MS:1000574") || accession.startsWith("MS:100231") || accession.startsWith("MS:100274")
                || accession.startsWith("MS:100275");
    }
}
