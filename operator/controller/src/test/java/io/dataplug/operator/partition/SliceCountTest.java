package io.dataplug.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.testing.ReconcileTestSupport;
import io.dataplug.operator.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Partitioning that asks for more slices than core allows (the cap of the line formats' partitioner): the operator
 * says so, naming the count and the limit, before it builds or publishes anything. Slice caps of the other formats
 * come with core's general cap (issue 7.5).
 */
class SliceCountTest extends ReconcileTestSupport {

    static final int RECORDS = 1_100_000;

    /** Refused with InvalidSpec, the message naming the count and the limit (whose wording core's general cap may change). */
    private void refused(String name, String strategy, Map<String, String> params) {
        create(TestResources.partitioning(ns, name, "ds", strategy, params));
        reconcilePartitioning(name);
        Partitioning p = getPartitioning(name);
        assertThat(p.getStatus().phase).isEqualTo(Phase.Failed);
        Condition ready = p.getStatus().condition("Ready").orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(Reason.InvalidSpec.name());
        assertThat(ready.getMessage()).containsPattern("would make " + RECORDS + " slices\\W+(at most|more than the limit of) \\d+");
        assertThat(events(name, Reason.InvalidSpec)).singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
        assertThat(client.configMaps().inNamespace(ns).withLabel("dataplug.io/partitioning", name).list().getItems()).isEmpty();
        reconcilePartitioning(name);
        assertThat(events(name, Reason.InvalidSpec)).as("not repeated").hasSize(1);
    }

    @Test
    void moreSlicesThanTheLimitIsAnInvalidSpecNamingCountAndLimit() {
        put("many.txt", "r\n".repeat(RECORDS).getBytes(StandardCharsets.US_ASCII));
        readyDataset(TestResources.dataset(ns, "ds", "text", "s3://raw/" + prefix + "many.txt", s3Endpoint(), "s3://meta/" + prefix,
                SECRET));

        refused("tiny", "chunk-size", Map.of("bytes", "1"));
        // A count beyond the records is cut to one slice per record, which is still over the limit.
        refused("huge", "chunks", Map.of("count", Integer.toString(Integer.MAX_VALUE)));
        // Not even a number the strategy can hold.
        create(TestResources.partitioning(ns, "overflow", "ds", "chunks", Map.of("count", "99999999999999999999")));
        reconcilePartitioning("overflow");
        Partitioning p = getPartitioning("overflow");
        assertThat(p.getStatus().phase).isEqualTo(Phase.Failed);
        assertThat(p.getStatus().condition("Ready").orElseThrow().getReason()).isEqualTo(Reason.InvalidSpec.name());
        assertThat(p.getStatus().condition("Ready").orElseThrow().getMessage()).contains("count").contains("99999999999999999999");
    }
}
