package io.dataplug.core.formats.imzml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Writes imzML pairs with known content, in the shapes real writers produce and a few they should not: continuous
 * or processed mode, any data type for either array, coordinates in any order, empty spectra, arrays anywhere in
 * the .ibd, offsets stated per spectrum or in a referenceable group, UTF-8 or ISO-8859-1 with non-ASCII text,
 * comments that look like spectra. {@code main} writes the sample pair of samples/data.
 */
final class ImzmlGenerator {

    enum Mode { CONTINUOUS, PROCESSED }

    /** One spectrum: its pixel ({@code z} may be null) and its values (exact in their data types). */
    record Spectrum(int x, int y, Integer z, double[] mz, double[] intensity) {
    }

    /**
     * @param mzGroupOffsets   continuous mode: the m/z array's offset and lengths stated in its referenceable group
     * @param shuffledIbd      arrays written to the .ibd in random order (offsets then jump around)
     * @param checksum         {@code SHA-1}, {@code MD5} or null
     * @param encoding         {@code UTF-8} or {@code ISO-8859-1}; non-ASCII text is written in both
     * @param imsIntegerTerms  integer types by their IMS accessions (IMS:1000141/2) instead of PSI-MS ones
     * @param directTerms      array kind and data type stated in each array rather than in its group
     * @param decoys           comments holding {@code <spectrum} markup in the header and between spectra
     */
    record Options(Mode mode, DataType mzType, DataType intensityType, boolean mzGroupOffsets, boolean shuffledIbd,
                   String checksum, String encoding, boolean imsIntegerTerms, boolean directTerms, boolean decoys) {

        static Options of(Mode mode, DataType mz, DataType intensity) {
            return new Options(mode, mz, intensity, false, false, "SHA-1", "ISO-8859-1", false, false, false);
        }

        Options withShuffledIbd() {
            return new Options(mode, mzType, intensityType, mzGroupOffsets, true, checksum, encoding, imsIntegerTerms, directTerms, decoys);
        }

        Options inUtf8() {
            return new Options(mode, mzType, intensityType, mzGroupOffsets, shuffledIbd, checksum, "UTF-8", imsIntegerTerms, directTerms, decoys);
        }

        Options withChecksum(String c) {
            return new Options(mode, mzType, intensityType, mzGroupOffsets, shuffledIbd, c, encoding, imsIntegerTerms, directTerms, decoys);
        }

        Options withGroupOffsets() {
            return new Options(mode, mzType, intensityType, true, shuffledIbd, checksum, encoding, imsIntegerTerms, directTerms, decoys);
        }

        Options withImsTerms() {
            return new Options(mode, mzType, intensityType, mzGroupOffsets, shuffledIbd, checksum, encoding, true, directTerms, decoys);
        }

        Options withDirectTerms() {
            return new Options(mode, mzType, intensityType, mzGroupOffsets, shuffledIbd, checksum, encoding, imsIntegerTerms, true, decoys);
        }

        Options withDecoys() {
            return new Options(mode, mzType, intensityType, mzGroupOffsets, shuffledIbd, checksum, encoding, imsIntegerTerms, directTerms, true);
        }
    }

    /** A written pair, with the spectra it holds in document order. */
    record Pair(byte[] imzml, byte[] ibd, List<Spectrum> spectra, String uuid) {

        /** Stores the pair as {@code base.imzML} and {@code base.ibd} through {@code p} and preprocesses it. */
        List<io.dataplug.core.storage.ObjectInfo> preprocess(io.dataplug.core.testing.Pipeline p, String base) {
            io.dataplug.core.storage.ObjectLocation xml = p.put(base + ".imzML", imzml);
            p.put(base + ".ibd", ibd);
            return p.preprocess(ImzmlFormat.NAME, java.util.Map.of(), xml);
        }

        void write(Path dir, String base) throws IOException {
            Files.createDirectories(dir);
            Files.write(dir.resolve(base + ".imzML"), imzml);
            Files.write(dir.resolve(base + ".ibd"), ibd);
        }
    }

    private ImzmlGenerator() {
    }

    /**
     * {@code count} spectra at distinct random pixels of a {@code width x height} image, in random order; arrays of
     * up to {@code maxValues} values (a continuous file's m/z array has exactly that many), some of them empty.
     */
    static List<Spectrum> spectra(Random rnd, Options o, int count, int width, int height, int maxValues, boolean withZ) {
        if ((long) width * height < count) {
            throw new IllegalArgumentException("more spectra than pixels");
        }
        List<long[]> pixels = new ArrayList<>();
        if ((long) width * height <= 4L * count) {
            for (int y = 1; y <= height; y++) {
                for (int x = 1; x <= width; x++) {
                    pixels.add(new long[] {x, y});
                }
            }
            Collections.shuffle(pixels, rnd);
        } else {
            java.util.Set<Long> seen = new java.util.HashSet<>();
            while (pixels.size() < count) {
                long x = 1 + rnd.nextInt(width);
                long y = 1 + rnd.nextInt(height);
                if (seen.add(x * (height + 1L) + y)) {
                    pixels.add(new long[] {x, y});
                }
            }
        }
        double[] sharedMz = o.mode() == Mode.CONTINUOUS ? sortedValues(rnd, o.mzType(), maxValues) : null;
        List<Spectrum> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = o.mode() == Mode.CONTINUOUS ? maxValues : rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(Math.max(1, maxValues));
            double[] mz = sharedMz != null ? sharedMz : sortedValues(rnd, o.mzType(), n);
            double[] intensity = values(rnd, o.intensityType(), mz.length);
            out.add(new Spectrum((int) pixels.get(i)[0], (int) pixels.get(i)[1], withZ ? 1 + rnd.nextInt(3) : null, mz, intensity));
        }
        return out;
    }

    /** Values exactly representable in {@code type} (64-bit integers kept within 2^53, so doubles hold them). */
    static double[] values(Random rnd, DataType type, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (type) {
                case FLOAT32 -> (float) (rnd.nextGaussian() * 1000);
                case FLOAT64 -> rnd.nextGaussian() * 1e6;
                case INT32 -> rnd.nextInt();
                case INT64 -> (double) (rnd.nextLong() >> 11);
            };
        }
        return v;
    }

    private static double[] sortedValues(Random rnd, DataType type, int n) {
        double[] v = values(rnd, type, n);
        java.util.Arrays.sort(v);
        return v;
    }

    static Pair write(Options o, List<Spectrum> spectra, long seed) {
        Random rnd = new Random(seed);
        UUID uuid = new UUID(rnd.nextLong(), rnd.nextLong());
        ByteArrayOutputStream ibd = new ByteArrayOutputStream();
        ibd.writeBytes(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
        int n = spectra.size();
        long[][] mzAt = new long[n][];
        long[][] intensityAt = new long[n][];
        List<Runnable> writes = new ArrayList<>();
        long[] shared = new long[1];
        if (o.mode() == Mode.CONTINUOUS && n > 0) {
            double[] mz = spectra.get(0).mz();
            shared[0] = ibd.size();
            ibd.writeBytes(encode(o.mzType(), mz));
        }
        for (int i = 0; i < n; i++) {
            int k = i;
            Spectrum s = spectra.get(i);
            if (o.mode() == Mode.CONTINUOUS) {
                mzAt[i] = new long[] {shared[0], s.mz().length};
            } else {
                writes.add(() -> mzAt[k] = append(ibd, o.mzType(), s.mz()));
            }
            writes.add(() -> intensityAt[k] = append(ibd, o.intensityType(), s.intensity()));
        }
        if (o.shuffledIbd()) {
            Collections.shuffle(writes, rnd);
        }
        writes.forEach(Runnable::run);
        byte[] ibdBytes = ibd.toByteArray();
        String checksum = o.checksum() == null ? null : hex(o.checksum(), ibdBytes);
        String uuidText = uuid.toString().replace("-", "");
        String xml = xml(o, spectra, uuidText, checksum, mzAt, intensityAt, rnd);
        return new Pair(xml.getBytes(Charset.forName(o.encoding())), ibdBytes, spectra, uuidText);
    }

    private static long[] append(ByteArrayOutputStream ibd, DataType type, double[] values) {
        long at = ibd.size();
        ibd.writeBytes(encode(type, values));
        return new long[] {at, values.length};
    }

    static byte[] encode(DataType type, double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) {
            switch (type) {
                case FLOAT32 -> b.putFloat((float) d);
                case FLOAT64 -> b.putDouble(d);
                case INT32 -> b.putInt((int) d);
                case INT64 -> b.putLong((long) d);
            }
        }
        return b.array();
    }

    private static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String typeTerm(DataType t, boolean ims) {
        return switch (t) {
            case FLOAT32 -> param("MS", "MS:1000521", "32-bit float", null);
            case FLOAT64 -> param("MS", "MS:1000523", "64-bit float", null);
            case INT32 -> ims ? param("IMS", "IMS:1000141", "32-bit integer", null) : param("MS", "MS:1000519", "32-bit integer", null);
            case INT64 -> ims ? param("IMS", "IMS:1000142", "64-bit integer", null) : param("MS", "MS:1000522", "64-bit integer", null);
        };
    }

    static String param(String cv, String accession, String name, Object value) {
        return "<cvParam cvRef=\"" + cv + "\" accession=\"" + accession + "\" name=\"" + name + "\""
                + (value == null ? " value=\"\"" : " value=\"" + value + "\"") + "/>";
    }

    private static String xml(Options o, List<Spectrum> spectra, String uuid, String checksum, long[][] mzAt, long[][] intensityAt,
                              Random rnd) {
        int width = spectra.stream().mapToInt(Spectrum::x).max().orElse(0);
        int height = spectra.stream().mapToInt(Spectrum::y).max().orElse(0);
        String text = o.encoding().equals("UTF-8") ? "Jörg Müller – 東京 ≥ 10 µm" : "Jörg Müller, 10 µm";
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"").append(o.encoding()).append("\"?>\n");
        x.append("<mzML xmlns=\"http://psi.hupo.org/ms/mzml\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"1.1\">\n");
        x.append("  <cvList count=\"3\">\n");
        x.append("    <cv id=\"MS\" fullName=\"Proteomics Standards Initiative Mass Spectrometry Ontology\" version=\"4.1.0\" URI=\"https://raw.githubusercontent.com/HUPO-PSI/psi-ms-CV/master/psi-ms.obo\"/>\n");
        x.append("    <cv id=\"UO\" fullName=\"Unit Ontology\" version=\"releases/2020-03-10\" URI=\"http://purl.obolibrary.org/obo/uo.obo\"/>\n");
        x.append("    <cv id=\"IMS\" fullName=\"Mass Spectrometry Imaging Ontology\" version=\"1.1.0\" URI=\"https://raw.githubusercontent.com/imzML/imzML/master/imagingMS.obo\"/>\n");
        x.append("  </cvList>\n  <fileDescription>\n    <fileContent>\n");
        x.append("      ").append(param("MS", "MS:1000579", "MS1 spectrum", null)).append('\n');
        x.append("      ").append(param("IMS", Cv.UUID, "universally unique identifier", uuid)).append('\n');
        if (checksum != null) {
            boolean sha = o.checksum().equals("SHA-1");
            x.append("      ").append(param("IMS", sha ? Cv.SHA1 : Cv.MD5, sha ? "ibd SHA-1" : "ibd MD5", checksum)).append('\n');
        }
        x.append("      ").append(o.mode() == Mode.CONTINUOUS ? param("IMS", Cv.CONTINUOUS, "continuous", null)
                : param("IMS", Cv.PROCESSED, "processed", null)).append('\n');
        x.append("    </fileContent>\n    <contact>\n      ").append(param("MS", "MS:1000586", "contact name", text)).append('\n');
        x.append("    </contact>\n  </fileDescription>\n");
        if (o.decoys()) {
            x.append("  <!-- an example: <spectrum id=\"decoy\" index=\"0\"> </spectrum> is how a spectrum starts -->\n");
        }
        x.append("  <referenceableParamGroupList count=\"3\">\n");
        x.append("    <referenceableParamGroup id=\"mzArray\">\n");
        if (!o.directTerms()) {
            x.append("      ").append(param("MS", Cv.MZ_ARRAY, "m/z array", null)).append('\n');
            x.append("      ").append(typeTerm(o.mzType(), o.imsIntegerTerms())).append('\n');
        }
        x.append("      ").append(param("MS", Cv.NO_COMPRESSION, "no compression", null)).append('\n');
        x.append("      ").append(param("IMS", "IMS:1000101", "external data", "true")).append('\n');
        boolean groupOffsets = o.mzGroupOffsets() && o.mode() == Mode.CONTINUOUS && !spectra.isEmpty();
        if (groupOffsets) {
            x.append("      ").append(param("IMS", Cv.EXTERNAL_OFFSET, "external offset", mzAt[0][0])).append('\n');
            x.append("      ").append(param("IMS", Cv.EXTERNAL_LENGTH, "external array length", mzAt[0][1])).append('\n');
            x.append("      ").append(param("IMS", Cv.EXTERNAL_ENCODED_LENGTH, "external encoded length",
                    mzAt[0][1] * o.mzType().bytes())).append('\n');
        }
        x.append("    </referenceableParamGroup>\n    <referenceableParamGroup id=\"intensities\">\n");
        if (!o.directTerms()) {
            x.append("      ").append(param("MS", Cv.INTENSITY_ARRAY, "intensity array", null)).append('\n');
            x.append("      ").append(typeTerm(o.intensityType(), o.imsIntegerTerms())).append('\n');
        }
        x.append("      ").append(param("MS", Cv.NO_COMPRESSION, "no compression", null)).append('\n');
        x.append("      ").append(param("IMS", "IMS:1000101", "external data", "true")).append('\n');
        x.append("    </referenceableParamGroup>\n    <referenceableParamGroup id=\"spectrum\">\n");
        x.append("      ").append(param("MS", "MS:1000579", "MS1 spectrum", null)).append('\n');
        x.append("      ").append(param("MS", "MS:1000130", "positive scan", null)).append('\n');
        x.append("    </referenceableParamGroup>\n  </referenceableParamGroupList>\n");
        x.append("  <softwareList count=\"1\">\n    <software id=\"generator\" version=\"1\">\n      ")
                .append(param("MS", "MS:1000799", "custom unreleased software tool", "dataplug test generator")).append("\n    </software>\n  </softwareList>\n");
        x.append("  <scanSettingsList count=\"1\">\n    <scanSettings id=\"settings\">\n");
        x.append("      ").append(param("IMS", Cv.PIXELS_X, "max count of pixels x", width)).append('\n');
        x.append("      ").append(param("IMS", Cv.PIXELS_Y, "max count of pixels y", height)).append('\n');
        x.append("    </scanSettings>\n  </scanSettingsList>\n");
        x.append("  <instrumentConfigurationList count=\"1\">\n    <instrumentConfiguration id=\"instrument\">\n      ")
                .append(param("MS", "MS:1000031", "instrument model", null)).append("\n    </instrumentConfiguration>\n  </instrumentConfigurationList>\n");
        x.append("  <dataProcessingList count=\"1\">\n    <dataProcessing id=\"export\">\n      <processingMethod order=\"1\" softwareRef=\"generator\">\n        ")
                .append(param("MS", "MS:1000544", "Conversion to mzML", null)).append("\n      </processingMethod>\n    </dataProcessing>\n  </dataProcessingList>\n");
        x.append("  <run defaultInstrumentConfigurationRef=\"instrument\" id=\"run\">\n");
        x.append("    <spectrumList count=\"").append(spectra.size()).append("\" defaultDataProcessingRef=\"export\">\n");
        for (int i = 0; i < spectra.size(); i++) {
            Spectrum s = spectra.get(i);
            if (i > 0) {
                x.append('\n');
            }
            if (o.decoys() && i % 3 == 1) {
                x.append("      <!-- <spectrum id=\"decoy-").append(i).append("\"><binaryDataArrayList count=\"0\"/></spectrum> -->\n");
            }
            x.append("      <spectrum defaultArrayLength=\"0\" id=\"spectrum=").append(i + 1).append("\" index=\"").append(i).append("\">\n");
            x.append("        <referenceableParamGroupRef ref=\"spectrum\"/>\n");
            if (s.mz().length > 0) {
                double lo = java.util.Arrays.stream(s.mz()).min().orElse(0);
                double hi = java.util.Arrays.stream(s.mz()).max().orElse(0);
                x.append("        ").append(param("MS", Cv.LOWEST_MZ, "lowest observed m/z", lo)).append('\n');
                x.append("        ").append(param("MS", Cv.HIGHEST_MZ, "highest observed m/z", hi)).append('\n');
            }
            x.append("        <userParam name=\"note\" value=\"").append(o.encoding().equals("UTF-8") ? "Fläche № " : "Fläche ").append(i).append("\"/>\n");
            x.append("        <scanList count=\"1\">\n          ").append(param("MS", "MS:1000795", "no combination", null)).append('\n');
            x.append("          <scan instrumentConfigurationRef=\"instrument\">\n");
            x.append("            ").append(param("IMS", Cv.POSITION_X, "position x", s.x())).append('\n');
            x.append("            ").append(param("IMS", Cv.POSITION_Y, "position y", s.y())).append('\n');
            if (s.z() != null) {
                x.append("            ").append(param("IMS", Cv.POSITION_Z, "position z", s.z())).append('\n');
            }
            x.append("          </scan>\n        </scanList>\n        <binaryDataArrayList count=\"2\">\n");
            boolean intensityFirst = rnd.nextInt(4) == 0;
            for (int a = 0; a < 2; a++) {
                boolean isMz = (a == 0) != intensityFirst;
                DataType t = isMz ? o.mzType() : o.intensityType();
                long[] at = isMz ? mzAt[i] : intensityAt[i];
                x.append("          <binaryDataArray encodedLength=\"0\">\n");
                x.append("            <referenceableParamGroupRef ref=\"").append(isMz ? "mzArray" : "intensities").append("\"/>\n");
                if (o.directTerms()) {
                    x.append("            ").append(isMz ? param("MS", Cv.MZ_ARRAY, "m/z array", null)
                            : param("MS", Cv.INTENSITY_ARRAY, "intensity array", null)).append('\n');
                    x.append("            ").append(typeTerm(t, o.imsIntegerTerms())).append('\n');
                }
                if (!(isMz && groupOffsets)) {
                    x.append("            ").append(param("IMS", Cv.EXTERNAL_LENGTH, "external array length", at[1])).append('\n');
                    x.append("            ").append(param("IMS", Cv.EXTERNAL_OFFSET, "external offset", at[0])).append('\n');
                    x.append("            ").append(param("IMS", Cv.EXTERNAL_ENCODED_LENGTH, "external encoded length", at[1] * t.bytes())).append('\n');
                }
                x.append("            <binary/>\n          </binaryDataArray>\n");
            }
            x.append("        </binaryDataArrayList>\n      </spectrum>");
        }
        x.append("\n    </spectrumList>\n  </run>\n</mzML>\n");
        return x.toString();
    }

    /** Writes the sample pair samples/data/tissue.{imzML,ibd}: {@code ImzmlGenerator <dir>}. */
    public static void main(String[] args) throws IOException {
        Options o = Options.of(Mode.CONTINUOUS, DataType.FLOAT32, DataType.FLOAT32);
        List<Spectrum> s = spectra(new Random(2024), o, 48, 8, 6, 200, false);
        write(o, s, 2024).write(Path.of(args[0]), "tissue");
    }
}
