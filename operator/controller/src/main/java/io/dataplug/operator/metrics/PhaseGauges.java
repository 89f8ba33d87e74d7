package io.dataplug.operator.metrics;

import io.dataplug.operator.model.Phase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code dataplug_datasets} and {@code dataplug_partitionings} by namespace and phase, from the phase each resource
 * had after its last reconciliation. A resource counts from its first reconciliation until its cleanup; every phase of
 * a namespace is shown once any resource of that kind lives there (zeros included, so a phase emptying is seen).
 */
public final class PhaseGauges {

    private record Key(String kind, String namespace, String name) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Phase> phases = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    PhaseGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param phase null until the resource has one (it is not counted meanwhile) */
    public void observe(String kind, String namespace, String name, Phase phase) {
        Key key = new Key(kind, namespace, name);
        if (phase == null) {
            phases.remove(key);
            return;
        }
        phases.put(key, phase);
        if (registered.add(kind + "/" + namespace)) {
            for (Phase p : Phase.values()) {
                Gauge.builder(meterName(kind), phases, m -> count(m, kind, namespace, p))
                        .description(kind + " resources by status.phase").tags("namespace", namespace, "phase", p.name())
                        .register(registry);
            }
        }
    }

    public void removed(String kind, String namespace, String name) {
        phases.remove(new Key(kind, namespace, name));
    }

    private static String meterName(String kind) {
        return "dataplug." + switch (kind) {
            case "CloudDataset" -> "datasets";
            case "Partitioning" -> "partitionings";
            default -> kind.toLowerCase(java.util.Locale.ROOT) + "s";
        };
    }

    private static double count(Map<Key, Phase> phases, String kind, String namespace, Phase phase) {
        return phases.entrySet().stream().filter(e -> e.getValue() == phase && e.getKey().kind().equals(kind)
                && Objects.equals(e.getKey().namespace(), namespace)).count();
    }
}
