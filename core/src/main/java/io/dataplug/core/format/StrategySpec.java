package io.dataplug.core.format;

import java.util.List;

/** A named partitioning strategy of a format and its parameters. */
public record StrategySpec(String name, String description, List<ParamSpec> params) {
}
