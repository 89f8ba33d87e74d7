package io.dataplug.worker;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.format.StrategySpec;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "formats", description = "List the formats on the classpath, their options and strategies.")
final class FormatsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (Format<?, ?, ?> f : Formats.all().values()) {
            // how it preprocesses under its default options (an option may change it: fastq-gzip decode=ranges)
            Preprocessing byDefault = f.preprocessing(Params.parse(f.options(), Map.of(), "format " + f.name()));
            System.out.printf("%s (%s): %s%n", f.name(), byDefault.name().toLowerCase().replace('_', '-'), f.description());
            for (ParamSpec p : f.options()) {
                System.out.printf("    --option %s=<%s>%s  %s%n", p.name(), p.type().name().toLowerCase(),
                        p.isRequired() ? "" : " (default " + p.defaultValue() + ")", p.description());
            }
            for (StrategySpec s : f.strategies()) {
                System.out.printf("  strategy %s: %s%n", s.name(), s.description());
                for (ParamSpec p : s.params()) {
                    System.out.printf("    --param %s=<%s>%s  %s%n", p.name(), p.type().name().toLowerCase(),
                            p.isRequired() ? " (required)" : " (default " + p.defaultValue() + ")", p.description());
                }
            }
        }
        return 0;
    }
}
