package io.dataplug.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One size syntax for CLI flags, options, parameters and CRD quantities: bytes, Ki/Mi/Gi/Ti, KiB/MiB/GiB/TiB. */
class SizesTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0", "1, 1", "1048576, 1048576", "1_048_576, 1048576", "512B, 512",
        "64Ki, 65536", "64KiB, 65536", "64kib, 65536", "64 KiB, 65536",
        "1Mi, 1048576", "256MiB, 268435456", "2Gi, 2147483648", "2GiB, 2147483648", "1Ti, 1099511627776",
        "1.5Gi, 1610612736", "0.5Ki, 512", "8388607Ti, 9223370937343148032"})
    void parsesBytesAndBinaryUnits(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @Test
    void theSamplesQuantitiesAndTheCliDefaultsParse() {
        assertThat(Sizes.parse("64Ki")).isEqualTo(Sizes.parse("64KiB"));
        assertThat(Sizes.parse("256Ki")).isEqualTo(256 * 1024);
        assertThat(Sizes.parse("64MiB")).isEqualTo(64L << 20);
    }

    @ParameterizedTest
    @CsvSource({"64k, 64Ki", "64K, 64Ki", "64KB, 64Ki", "64M, 64Mi", "64m, 64Mi", "1GB, 1Gi", "1g, 1Gi", "2T, 2Ti"})
    void decimalOrBareUnitsAreRefusedWithTheBinarySpelling(String text, String suggestion) {
        assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(NumberFormatException.class)
                .hasMessage("ambiguous size '" + text + "': write " + suggestion + " for binary units, or the number of bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "lots", "-1", "KiB", "1e6", ".5Ki", "64 bananas", "0x10", "1Pi"})
    void malformedSizesSayWhatIsAccepted(String text) {
        assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("'" + text + "'").hasMessageContaining(Sizes.SYNTAX);
    }

    @Test
    void fractionsMustComeToWholeBytesAndHugeSizesAreRefused() {
        assertThatThrownBy(() -> Sizes.parse("1.5")).hasMessage("not a whole number of bytes: '1.5' (1.5)");
        assertThatThrownBy(() -> Sizes.parse("1.1Ki")).hasMessage("not a whole number of bytes: '1.1Ki' (1126.4)");
        assertThatThrownBy(() -> Sizes.parse("8388608Ti")).hasMessage("size out of range: '8388608Ti'");
        assertThatThrownBy(() -> Sizes.parse("99999999999999999999")).hasMessage("size out of range: '99999999999999999999'");
    }

    @Test
    void humanPrintsBinaryUnits() {
        assertThat(Sizes.human(1023)).isEqualTo("1023 B");
        assertThat(Sizes.human(65536)).isEqualTo("64.0 KiB");
        assertThat(Sizes.human(3L << 30)).isEqualTo("3.0 GiB");
    }
}
