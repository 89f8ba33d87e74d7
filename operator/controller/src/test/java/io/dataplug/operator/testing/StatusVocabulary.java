package io.dataplug.operator.testing;

import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The condition reasons of each kind, with the {@code Ready} status, phase and Argo CD health that go with them, as
 * docs/operator.md documents them (its tables with an "Argo CD health" column, one under each kind's heading), and
 * the reasons and phases the code has ({@link Reason}, {@link Phase}): the one place that knows where both live.
 */
public final class StatusVocabulary {

    public record Row(String kind, String reason, boolean ready, String phase, String health) {
    }

    private StatusVocabulary() {
    }

    public static Path doc() {
        return RepoRoot.get().resolve("docs/operator.md");
    }

    /** Kind ({@code CloudDataset}, {@code Partitioning}) to its rows, in document order. */
    public static Map<String, List<Row>> fromDocs() {
        List<String> lines;
        try {
            lines = Files.readAllLines(doc());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<Row>> out = new LinkedHashMap<>();
        String kind = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                kind = line.substring(3).strip();
            } else if (line.startsWith("| reason |") && line.contains("| Argo CD health |")) {
                List<String> header = cells(line);
                int reason = header.indexOf("reason");
                int ready = header.indexOf("Ready");
                int phase = header.indexOf("phase");
                int health = header.indexOf("Argo CD health");
                for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
                    List<String> c = cells(lines.get(i));
                    out.computeIfAbsent(kind, k -> new ArrayList<>()).add(new Row(kind, c.get(reason),
                            parseReady(c.get(ready), lines.get(i)), c.get(phase), c.get(health)));
                }
            }
        }
        return out;
    }

    /** The condition reasons the operator's code can write (event-only reasons left out). */
    public static Set<String> fromCode() {
        Set<String> out = new TreeSet<>();
        for (Reason r : Reason.values()) {
            if (r.use() == Reason.Use.CONDITION) {
                out.add(r.name());
            }
        }
        return out;
    }

    /** The phases the operator's code can write. */
    public static Set<String> phasesFromCode() {
        Set<String> out = new TreeSet<>();
        for (Phase p : Phase.values()) {
            out.add(p.name());
        }
        return out;
    }

    private static boolean parseReady(String cell, String line) {
        return switch (cell) {
            case "True" -> true;
            case "False" -> false;
            default -> throw new IllegalArgumentException("docs/operator.md: Ready must be True or False in: " + line);
        };
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        String[] parts = line.strip().split("\\|");
        for (int j = 1; j < parts.length; j++) {
            out.add(parts[j].strip().replace("`", ""));
        }
        return out;
    }
}
