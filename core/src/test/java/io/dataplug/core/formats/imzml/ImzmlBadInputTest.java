package io.dataplug.core.formats.imzml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.formats.imzml.ImzmlGenerator.Mode;
import io.dataplug.core.formats.imzml.ImzmlGenerator.Options;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectNotFoundException;
import io.dataplug.core.testing.Pipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input is a clear error naming the object and the byte where the problem is, never an index: each case is
 * preprocessed in small chunks, so problems past the first chunk are found by the chunk that resynchronised there
 * and reported by finalize's sequential re-parse.
 */
class ImzmlBadInputTest {

    @TempDir
    Path work;

    private Pipeline p;
    private ImzmlGenerator.Pair good;

    @BeforeEach
    void setUp() {
        p = Pipeline.local(work).chunkSize(1024);
        Options o = Options.of(Mode.PROCESSED, DataType.FLOAT32, DataType.FLOAT32);
        good = ImzmlGenerator.write(o, ImzmlGenerator.spectra(new Random(1), o, 20, 5, 4, 10, false), 1);
    }

    @AfterEach
    void close() {
        p.close();
    }

    private void preprocess(String name, byte[] xml, byte[] ibd) {
        ObjectLocation loc = p.put(name + ".imzML", xml);
        if (ibd != null) {
            p.put(name + ".ibd", ibd);
        }
        p.preprocess(ImzmlFormat.NAME, Map.of(), loc);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theGoodPairIndexes() {
        preprocess("good", good.imzml(), good.ibd());
    }

    @Test
    void missingIbd() {
        assertThatThrownBy(() -> preprocess("lonely", good.imzml(), null)).isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("lonely.ibd").hasMessageContaining("missing").hasMessageContaining("lonely.imzML");
    }

    @Test
    void uuidMismatch() {
        byte[] ibd = good.ibd().clone();
        ibd[3] ^= 0x55;
        assertThatThrownBy(() -> preprocess("other", good.imzml(), ibd)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("other.ibd").hasMessageContaining("does not match").hasMessageContaining(good.uuid());
    }

    @Test
    void offsetsPastTheEndOfTheIbd() {
        byte[] ibd = Arrays.copyOf(good.ibd(), good.ibd().length - 3);
        assertThatThrownBy(() -> preprocess("short", good.imzml(), ibd)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("short.imzML").hasMessageContaining("outside its data")
                .hasMessageContaining("to " + ibd.length);
    }

    @Test
    void ibdShorterThanItsUuid() {
        assertThatThrownBy(() -> preprocess("tiny", good.imzml(), new byte[5])).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("tiny.ibd").hasMessageContaining("16-byte UUID");
    }

    @Test
    void truncatedXml() {
        byte[] xml = Arrays.copyOf(good.imzml(), good.imzml().length * 2 / 3);
        assertThatThrownBy(() -> preprocess("cut", xml, good.ibd())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("cut.imzML").hasMessageContaining("truncated");
    }

    @Test
    void malformedXmlInALaterChunk() {
        String x = text(good.imzml());
        int at = x.indexOf("<spectrum ", x.length() / 2);
        byte[] xml = bytes(x.substring(0, at) + "<spectrum id=\"broken\" <<" + x.substring(at + 10));
        assertThatThrownBy(() -> preprocess("broken", xml, good.ibd())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("broken.imzML").hasMessageContaining("malformed XML");
    }

    @Test
    void notXmlAtAll() {
        assertThatThrownBy(() -> preprocess("binary", good.ibd(), good.ibd())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("malformed XML");
        assertThatThrownBy(() -> preprocess("empty", new byte[0], good.ibd())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("malformed XML");
        assertThatThrownBy(() -> preprocess("html", bytes("<html><body>not imzML</body></html>"), good.ibd()))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("root element is <html>");
    }

    @Test
    void unknownDataType() {
        byte[] unsupported = bytes(text(good.imzml()).replace("MS:1000521\" name=\"32-bit float", "MS:1000520\" name=\"16-bit float"));
        assertThatThrownBy(() -> preprocess("half", unsupported, good.ibd())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("MS:1000520 (16-bit float)").hasMessageContaining("not supported");
        byte[] unknown = bytes(text(good.imzml()).replace("MS:1000521\" name=\"32-bit float", "MS:1009999\" name=\"odd float"));
        assertThatThrownBy(() -> preprocess("odd", unknown, good.ibd())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("unknown data type");
    }

    @Test
    void continuousFileWithSpectraOfTheirOwn() {
        byte[] xml = bytes(text(good.imzml()).replace(Cv.PROCESSED + "\" name=\"processed", Cv.CONTINUOUS + "\" name=\"continuous"));
        assertThatThrownBy(() -> preprocess("mixed", xml, good.ibd())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("continuous mode");
    }

    @Test
    void missingUuidAndWrapperAndEncodedLength() {
        String x = text(good.imzml());
        byte[] noUuid = bytes(x.replace("accession=\"" + Cv.UUID + "\"", "accession=\"IMS:0000000\""));
        assertThatThrownBy(() -> preprocess("nouuid", noUuid, good.ibd())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("no UUID");
        byte[] wrapped = bytes(x.replace("<mzML ", "<indexedmzML><mzML ").replace("</mzML>", "</mzML></indexedmzML>"));
        assertThatThrownBy(() -> preprocess("wrapped", wrapped, good.ibd())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("indexedmzML");
        int at = x.indexOf("external encoded length\" value=\"") + "external encoded length\" value=\"".length();
        byte[] wrongLength = bytes(x.substring(0, at) + "1" + x.substring(at));
        assertThatThrownBy(() -> preprocess("length", wrongLength, good.ibd())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("encoded bytes");
        byte[] negative = bytes(x.replaceFirst("external offset\" value=\"", "external offset\" value=\"-"));
        assertThatThrownBy(() -> preprocess("negative", negative, good.ibd())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void chromatogramsAfterTheSpectraAreRefused() {
        byte[] xml = bytes(text(good.imzml()).replace("</spectrumList>", "</spectrumList>\n    <chromatogramList count=\"0\"/>"));
        assertThatThrownBy(() -> preprocess("chrom", xml, good.ibd())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("<chromatogramList> after the spectrum list");
    }

    @Test
    void keyWithoutImzmlSuffixNamesTheRule() {
        ObjectLocation xml = p.put("noext.xml", good.imzml());
        p.put("noext.ibd", good.ibd());
        assertThatThrownBy(() -> p.preprocess(ImzmlFormat.NAME, Map.of(), xml)).hasMessageContaining("noext.xml")
                .hasMessageContaining("must end with .imzML");
        assertThat(new ImzmlFormat().isCompanion("a/b/x.ibd")).isTrue();
        assertThat(new ImzmlFormat().isCompanion("a/b/x.imzML")).isFalse();
    }
}
