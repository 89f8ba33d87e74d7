package io.dataplug.core.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.Params;
import io.dataplug.core.gzip.Bgzf;
import io.dataplug.core.testing.Pipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A compressed object given to a plain text format is refused by name, with the format that reads it, whether the
 * check reads the first bytes the scan reads anyway (one task, or the first of several) or makes its own request
 * (header-only vcf); nothing is committed.
 */
class CompressedTextRefusedTest {

    @TempDir
    Path dir;

    static Stream<Arguments> cases() throws IOException {
        byte[] gzip = gzip("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n".repeat(2_000));
        byte[] bzip2 = "BZh91AY&SY".getBytes(StandardCharsets.ISO_8859_1);
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
        return Stream.of(
                Arguments.of("vcf", Map.of(), gzip, "gzip-compressed, not plain VCF text", "vcf-bgzip reads BGZF only"),
                Arguments.of("vcf", Map.of(), Bgzf.eofMarker(), "BGZF-compressed (bgzip), not plain VCF text", "use format vcf-bgzip"),
                Arguments.of("vcf", Map.of(), Arrays.copyOf(gzip, 12), "gzip-compressed, not plain VCF text", "vcf-bgzip"),
                Arguments.of("vcf", Map.of("index", "header-only"), gzip, "gzip-compressed, not plain VCF text", "vcf-bgzip"),
                Arguments.of("vcf", Map.of(), bzip2, "bzip2-compressed, not plain VCF text", "decompress it"),
                Arguments.of("fastq", Map.of(), gzip, "gzip-compressed, not plain FASTQ text", "use format fastq-gzip"),
                Arguments.of("fastq", Map.of(), zstd, "zstd-compressed, not plain FASTQ text", "decompress it"));
    }

    @ParameterizedTest(name = "{0} {1}: {3}")
    @MethodSource("cases")
    void aCompressedObjectIsRefusedByName(String format, Map<String, String> options, byte[] data, String problem,
                                          String hint) {
        for (long chunk : new long[] {64 << 20, 1 << 10}) { // one task that commits; several map tasks and a finalize
            try (Pipeline p = Pipeline.local(dir.resolve(format + "-" + options.size() + "-" + data.length + "-" + chunk))
                    .chunkSize(chunk)) {
                var object = p.put("data", data);
                assertThatThrownBy(() -> p.preprocess(format, options, object)).as("chunks of %d", chunk)
                        .isInstanceOf(DataFormatException.class).hasMessageContaining(problem).hasMessageContaining(hint);
                Map<String, String> parsed = Params.parse(Formats.get(format).options(), options, format).asMap();
                assertThat(p.metadata().marker(format, parsed, p.store().head(object))).as("marker").isEmpty();
            }
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
