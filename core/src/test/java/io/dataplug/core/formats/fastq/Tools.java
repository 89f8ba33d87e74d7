package io.dataplug.core.formats.fastq;

import static io.dataplug.core.testing.ExternalTools.require;
import static io.dataplug.core.testing.ExternalTools.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Data made by real tools (wgsim from samtools, gzip, pigz, bgzip), created once per JVM and cached. Tests
 * that need a missing tool are skipped ({@link io.dataplug.core.testing.ExternalTools#require}).
 */
final class Tools {

    private static Path dir;

    private Tools() {
    }

    static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("dataplug-fastq-interop-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException ignored) {
                    // best effort
                }
            }));
        }
        return dir;
    }

    /**
     * Paired reads from wgsim over a random reference: {@code wgsim -S 11 -N <reads> -1 150 -2 150 ref.fa r1.fq r2.fq}.
     * Returns the first-mate file.
     */
    static synchronized Path wgsim(int reads) {
        require("wgsim");
        Path d = dir().resolve("wgsim-" + reads);
        Path r1 = d.resolve("r1.fq");
        if (Files.exists(r1)) {
            return r1;
        }
        try {
            Files.createDirectories(d);
            Random rnd = new Random(42);
            StringBuilder fa = new StringBuilder();
            for (String contig : List.of("chrA", "chrB")) {
                fa.append('>').append(contig).append('\n');
                for (int line = 0; line < 1000; line++) {
                    for (int i = 0; i < 60; i++) {
                        fa.append("ACGT".charAt(rnd.nextInt(4)));
                    }
                    fa.append('\n');
                }
            }
            Files.writeString(d.resolve("ref.fa"), fa, StandardCharsets.US_ASCII);
            run(d, "wgsim", "-S", "11", "-N", Integer.toString(reads), "-1", "150", "-2", "150", "ref.fa",
                    "r1.fq", "r2.fq");
            return r1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code source} compressed by a tool: {@code gzip -6}, {@code pigz -p 2} or {@code bgzip}, cached. */
    static synchronized Path compress(Path source, String tool) {
        String[] command = switch (tool) {
            case "gzip" -> new String[] {"gzip", "-6", "-c", source.toString()};
            case "pigz" -> new String[] {"pigz", "-p", "2", "-c", source.toString()};
            case "bgzip" -> new String[] {"bgzip", "-c", source.toString()};
            default -> throw new IllegalArgumentException(tool);
        };
        require(command[0]);
        Path out = source.resolveSibling(source.getFileName() + "." + tool + ".gz");
        if (!Files.exists(out)) {
            run(source.getParent(), out, command);
        }
        return out;
    }

    /** {@code source} compressed by {@code bgzip -i}: the BGZF file and, beside it ({@code + ".gzi"}), its block index; cached. */
    static synchronized Path bgzipWithGzi(Path source) {
        require("bgzip");
        Path out = source.resolveSibling(source.getFileName() + ".bgzf.gz");
        Path gzi = source.resolveSibling(out.getFileName() + ".gzi");
        if (!Files.exists(out) || !Files.exists(gzi)) {
            run(source.getParent(), out, "bgzip", "-i", "-I", gzi.toString(), "-c", source.toString());
        }
        return out;
    }

    /** What {@code zcat} prints for a file. */
    static byte[] zcat(Path gz) {
        require("zcat");
        Path out = gz.resolveSibling(gz.getFileName() + ".zcat");
        run(gz.getParent(), out, "zcat", gz.toString());
        try {
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
