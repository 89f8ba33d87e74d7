package io.dataplug.core.formats.imzml;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.formats.imzml.ImzmlChunk.ArrayTerms;
import io.dataplug.core.formats.imzml.ImzmlChunk.Group;
import io.dataplug.core.formats.imzml.ImzmlChunk.Header;
import io.dataplug.core.formats.imzml.ImzmlChunk.Signature;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves what a spectrum states through referenceable parameter groups: which of its two arrays holds m/z and
 * which intensities, their data types and compression, and external offsets, lengths and coordinates that the
 * spectrum leaves to a group. Everything by accession.
 */
final class SpectrumResolver {

    /**
     * One signature resolved.
     *
     * @param mzArray which array (0 or 1) holds the m/z values
     * @param values  external values stated by groups, as {@code [mz offset, length, encoded, intensity offset,
     *                length, encoded]}, {@link ImzmlChunk#NONE} where no group states one
     * @param x       coordinates stated by groups, {@link ImzmlChunk#NONE_INT} where none does
     */
    record Resolved(int mzArray, DataType mzType, DataType intensityType, boolean mzPlain, boolean intensityPlain,
                    long[] values, int x, int y, int z, MzRange mz) {
    }

    private final Header header;
    private final String uri;

    SpectrumResolver(Header header, String uri) {
        this.header = header;
        this.uri = uri;
    }

    /** @param at offset of a spectrum with this signature, and {@code ordinal} its number, for error messages */
    Resolved resolve(Signature s, long at, long ordinal) {
        if (s.arrays().size() != 2) {
            throw error(at, ordinal, "has " + s.arrays().size() + " binary data arrays; imzML spectra have two (m/z and intensity)");
        }
        List<Set<String>> terms = new ArrayList<>();
        int mz = -1;
        int intensity = -1;
        for (int a = 0; a < 2; a++) {
            Set<String> t = terms(s.arrays().get(a), at, ordinal);
            terms.add(t);
            boolean isMz = t.contains(Cv.MZ_ARRAY);
            boolean isIntensity = t.contains(Cv.INTENSITY_ARRAY);
            if (isMz == isIntensity) {
                throw error(at, ordinal, "has a binary data array that is " + (isMz ? "both an m/z and an intensity array"
                        : "neither an m/z (" + Cv.MZ_ARRAY + ") nor an intensity (" + Cv.INTENSITY_ARRAY + ") array"));
            }
            if (isMz) {
                mz = a;
            } else {
                intensity = a;
            }
        }
        if (mz < 0 || intensity < 0) {
            throw error(at, ordinal, "needs one m/z and one intensity array");
        }
        long[] values = new long[6];
        for (int k = 0; k < 2; k++) {
            List<String> refs = s.arrays().get(k == 0 ? mz : intensity).refs();
            values[k * 3] = groupNumber(refs, Cv.EXTERNAL_OFFSET, at, ordinal);
            values[k * 3 + 1] = groupNumber(refs, Cv.EXTERNAL_LENGTH, at, ordinal);
            values[k * 3 + 2] = groupNumber(refs, Cv.EXTERNAL_ENCODED_LENGTH, at, ordinal);
        }
        return new Resolved(mz, type(terms.get(mz), "m/z", at, ordinal), type(terms.get(intensity), "intensity", at, ordinal),
                terms.get(mz).contains(Cv.NO_COMPRESSION), terms.get(intensity).contains(Cv.NO_COMPRESSION), values,
                (int) groupNumber(s.refs(), Cv.POSITION_X, at, ordinal), (int) groupNumber(s.refs(), Cv.POSITION_Y, at, ordinal),
                (int) groupNumber(s.refs(), Cv.POSITION_Z, at, ordinal),
                groupRange(s.refs()));
    }

    private Set<String> terms(ArrayTerms a, long at, long ordinal) {
        Set<String> t = new LinkedHashSet<>(a.terms());
        for (String ref : a.refs()) {
            t.addAll(group(ref, at, ordinal).params().keySet());
        }
        return t;
    }

    private DataType type(Set<String> terms, String what, long at, long ordinal) {
        Set<DataType> types = new LinkedHashSet<>();
        for (String t : terms) {
            DataType d = DataType.of(t);
            if (d != null) {
                types.add(d);
            } else if (Cv.UNSUPPORTED_TYPES.containsKey(t)) {
                throw error(at, ordinal, "has an " + what + " array of data type " + t + " (" + Cv.UNSUPPORTED_TYPES.get(t)
                        + "), which is not supported: only 32/64-bit float and 32/64-bit integer arrays are");
            }
        }
        if (types.size() != 1) {
            throw error(at, ordinal, types.isEmpty()
                    ? "has an " + what + " array of unknown data type: none of 32-bit float (MS:1000521), 64-bit float "
                    + "(MS:1000523), 32-bit integer (MS:1000519, IMS:1000141), 64-bit integer (MS:1000522, IMS:1000142) is stated"
                    : "has an " + what + " array with several data types " + types);
        }
        return types.iterator().next();
    }

    private Group group(String ref, long at, long ordinal) {
        Group g = header.groups().get(ref);
        if (g == null) {
            throw error(at, ordinal, "refers to referenceableParamGroup '" + ref + "', which the file does not define");
        }
        return g;
    }

    private long groupNumber(List<String> refs, String accession, long at, long ordinal) {
        for (String ref : refs) {
            String v = group(ref, at, ordinal).params().get(accession);
            if (v != null) {
                try {
                    long n = Long.parseLong(v.trim());
                    if (n < 0 && !accession.startsWith("IMS:100005")) {
                        throw error(at, ordinal, "gets a negative " + accession + " (" + n + ") from group '" + ref + "'");
                    }
                    return accession.startsWith("IMS:100005") ? (int) n : n;
                } catch (NumberFormatException e) {
                    throw error(at, ordinal, "gets " + accession + " = '" + v + "' from group '" + ref + "', expected a whole number");
                }
            }
        }
        return accession.startsWith("IMS:100005") ? ImzmlChunk.NONE_INT : ImzmlChunk.NONE;
    }

    /** The m/z range the spectrum's groups state; values that are not numbers are left out (they change no data). */
    private MzRange groupRange(List<String> refs) {
        MzRange r = MzRange.NONE;
        for (String ref : refs) {
            Group g = header.groups().get(ref);
            for (String acc : List.of(Cv.LOWEST_MZ, Cv.WINDOW_LOWER, Cv.HIGHEST_MZ, Cv.WINDOW_UPPER)) {
                String v = g == null ? null : g.params().get(acc);
                try {
                    Double d = v == null || v.isBlank() ? null : Double.valueOf(v.trim());
                    r = acc.equals(Cv.LOWEST_MZ) || acc.equals(Cv.WINDOW_LOWER) ? r.withLow(d) : r.withHigh(d);
                } catch (NumberFormatException e) {
                    // an unreadable range stays out of the attributes
                }
            }
        }
        return r;
    }

    DataFormatException error(long at, long ordinal, String problem) {
        return new DataFormatException(uri, at, 0, "spectrum " + ordinal + " " + problem, null);
    }
}
