package io.dataplug.core.formats.vcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Corruptions;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.Pipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * vcf-bgzip with one flipped bit that leaves its BGZF block decodable (only the block's CRC-32 can tell), behind an
 * ETag that does not change: every slice that reads the block fails with a CRC error, every other slice is exact.
 */
class BgzipVcfDamageTest {

    private static final Map<String, String> OPTIONS = Map.of("reuse-index", "false", "checkpoint-span", "4KiB");

    @TempDir
    static Path dir;
    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    /** One BGZF block: where it starts and its compressed size. */
    record Block(long offset, int length) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void damageBehindAnUnchangedEtagFailsEverySliceThatReadsIt(String where) throws IOException {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(3, 2_000_000);
        String header = VcfTestData.header(contigs, 2, "\n");
        List<String> lines = VcfTestData.dataLines(contigs, 900, 400, 2, 31);
        byte[] text = VcfTestData.bytes(VcfTestData.vcf(header, lines, "\n"));
        long[] starts = VcfTestData.lineStarts(header, lines, "\n");
        List<Long> cuts = new ArrayList<>();
        for (int i = 0; i < starts.length; i += 40) {
            cuts.add(starts[i] + 3); // blocks that start inside lines
        }
        byte[] bgzf = VcfTestData.bgzf(text, cuts.stream().mapToLong(Long::longValue).toArray(), true);
        List<Block> blocks = blocks(bgzf);
        try (Pipeline p = where.equals("local") ? Pipeline.local(dir.resolve("damage")) : Pipeline.s3(S3.server(), "damage/")) {
            ObjectLocation loc = p.put("calls.vcf.gz", bgzf);
            List<ObjectInfo> infos = p.preprocess("vcf-bgzip", OPTIONS, loc);
            VcfChecks checks = new VcfChecks(p, "vcf-bgzip", OPTIONS, infos, header);
            List<List<Slice>> partitionings = List.of(checks.chunks(8, lines), checks.chunks(25, lines));
            List<List<List<String>>> before = partitionings.stream().map(checks::evaluate).toList();

            Slice target = partitionings.get(0).get(3);
            long from = ((VcfCorrections) target.parts().get(0).corrections()).from();
            Block damaged = blocks.stream().filter(b -> b.offset() > from >>> 16).findFirst().orElseThrow();
            Corruptions.Flip flip = Corruptions.crcOnly(bgzf, text, damaged.offset() + 20,
                    damaged.offset() + damaged.length());
            UnaryOperator<Slice> reach = where.equals("local")
                    ? Corruptions.damageLocalFile(p, loc, flip, target)
                    : Corruptions.damageOnServer(S3.server(), p, loc, flip);
            for (int k = 0; k < partitionings.size(); k++) {
                int failed = 0;
                for (Slice original : partitionings.get(k)) {
                    Slice s = reach.apply(original);
                    VcfCorrections c = (VcfCorrections) s.parts().get(0).corrections();
                    long sliceFrom = c.from();
                    long sliceTo = c.to();
                    long blockStart = damaged.offset() << 16;
                    boolean reads = blockStart < sliceTo && sliceFrom < blockStart + uncompressedLength(bgzf, damaged);
                    String what = where + ", partitioning " + k + ", slice " + s.index() + ", " + flip;
                    if (reads) {
                        Throwable t = catchThrowable(() -> p.evaluate(s));
                        assertThat(t).as(what).isInstanceOf(DataFormatException.class).hasMessageContaining("calls.vcf.gz")
                                .hasMessageContaining("CRC");
                        failed++;
                    } else {
                        assertThat(checks.evaluate(List.of(s)).get(0)).as(what).isEqualTo(before.get(k).get(s.index()));
                    }
                }
                assertThat(failed).as("%s, partitioning %d: slices that fail", where, k).isPositive();
            }
        }
    }

    /** The blocks of a BGZF file, walked by their BC block sizes. */
    private static List<Block> blocks(byte[] bgzf) {
        List<Block> out = new ArrayList<>();
        for (int at = 0; at < bgzf.length; ) {
            int size = ((bgzf[at + 16] & 0xff) | (bgzf[at + 17] & 0xff) << 8) + 1;
            out.add(new Block(at, size));
            at += size;
        }
        return out;
    }

    private static int uncompressedLength(byte[] bgzf, Block b) {
        int end = (int) (b.offset() + b.length());
        return (bgzf[end - 4] & 0xff) | (bgzf[end - 3] & 0xff) << 8 | (bgzf[end - 2] & 0xff) << 16 | (bgzf[end - 1] & 0xff) << 24;
    }
}
