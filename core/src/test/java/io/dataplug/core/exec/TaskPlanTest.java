package io.dataplug.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StorageOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chunk plan travels with every task to the Job pods, and a plan a worker cannot trust is refused. */
class TaskPlanTest {

    private static final SourceObject SOURCE = SourceObject.of(
            new ObjectInfo(ObjectLocation.s3("raw", "calls.vcf"), 1000, "etag-1"), StorageOptions.defaults());

    @Test
    void chunkPlansTileTheObjectAndNameTheTiling() {
        ChunkPlan plan = new ChunkPlan(1000, 300);
        assertThat(plan.chunks()).isEqualTo(4);
        assertThat(List.of(plan.start(0), plan.end(0), plan.start(3), plan.end(3))).containsExactly(0L, 300L, 900L, 1000L);
        assertThat(plan.id()).isEqualTo("plan-300");
        assertThat(new ChunkPlan(1000, 64L << 20)).isEqualTo(new ChunkPlan(1000, 1000)).isEqualTo(ChunkPlan.whole(1000));
        assertThat(new ChunkPlan(0, 1 << 20).chunks()).isEqualTo(1);
        assertThat(new ChunkPlan(0, 1 << 20).end(0)).isZero();
        assertThatThrownBy(() -> plan.start(4)).hasMessageContaining("chunk 4 is outside plan-300");
        assertThatThrownBy(() -> new ChunkPlan(1000, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aShortTailJoinsTheChunkBeforeIt() {
        ChunkPlan plan = new ChunkPlan(1010, 500); // a tail of 10 bytes, less than an eighth of a chunk
        assertThat(plan.chunks()).isEqualTo(2);
        assertThat(List.of(plan.start(0), plan.end(0), plan.start(1), plan.end(1))).containsExactly(0L, 500L, 500L, 1010L);
        assertThatThrownBy(() -> plan.start(2)).hasMessageContaining("chunk 2 is outside plan-500");
        ChunkPlan longerTail = new ChunkPlan(1063, 500); // 63 bytes: an eighth (62) or more keeps its own chunk
        assertThat(longerTail.chunks()).isEqualTo(3);
        assertThat(longerTail.end(2)).isEqualTo(1063);
    }

    @Test
    void tasksKeepTheirPlanThroughJson() {
        ChunkPlan plan = new ChunkPlan(1000, 300);
        TaskPlan p = TaskPlan.of(List.of(List.of(TaskSpec.mapChunk("vcf", Map.of(), SOURCE, "s3://meta/", plan, 2)),
                List.of(TaskSpec.finalizeChunks("vcf", Map.of(), SOURCE, "s3://meta/", plan))));
        TaskPlan back = TaskPlan.fromJson(p.toJson(), "test");
        assertThat(back).isEqualTo(p);
        TaskSpec chunk = back.groups().get(0).get(0);
        assertThat(chunk.plan()).isEqualTo(plan);
        assertThat(List.of(chunk.start(), chunk.end(), chunk.bytes())).containsExactly(600L, 900L, 300L);
        assertThat(chunk.describe()).isEqualTo("s3://raw/calls.vcf chunk 3/4 [600, 900)");
    }

    @Test
    void aPlanOfAnotherVersionIsRefusedClearly() {
        String v1 = "{\"schema\":\"dataplug.io/task-plan/v1\",\"groups\":[[{\"kind\":\"chunk\",\"format\":\"vcf\","
                + "\"chunk\":0,\"chunks\":1,\"start\":0,\"end\":1000}]]}";
        assertThatThrownBy(() -> TaskPlan.fromJson(v1.getBytes(StandardCharsets.UTF_8), "s3://meta/plan.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3://meta/plan.json").hasMessageContaining("task-plan/v1")
                .hasMessageContaining("another version of the operator");
    }

    @Test
    void aTaskThatDoesNotFitItsPlanIsRefused() {
        String json = new String(TaskPlan.of(List.of(List.of(TaskSpec.mapChunk("vcf", Map.of(), SOURCE, "s3://meta/",
                new ChunkPlan(1000, 300), 1)))).toJson(), StandardCharsets.UTF_8);
        for (String edited : List.of(json.replace("\"chunk\":1", "\"chunk\":7"),
                json.replace("\"plan\":{\"size\":1000", "\"plan\":{\"size\":999"),
                json.replace(",\"plan\":{\"size\":1000,\"chunkSize\":300}", ""))) {
            assertThat(edited).isNotEqualTo(json);
            assertThatThrownBy(() -> TaskPlan.fromJson(edited.getBytes(StandardCharsets.UTF_8), "plan.json"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plan.json: invalid task plan");
        }
    }
}
