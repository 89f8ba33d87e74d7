package io.dataplug.operator.dataset;

import io.dataplug.core.exec.PreprocessPlan;
import io.dataplug.core.exec.TaskPlan;
import io.dataplug.core.exec.TaskSpec;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.util.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Kubernetes shape of a {@link PreprocessPlan}: map tasks packed into the task groups of one Indexed Job
 * (many small objects share a pod, up to {@code bytesPerWorker} bytes or {@code maxTasksPerGroup} tasks), and the
 * finalize tasks into a second Job's groups. The hash of both plans names the Jobs, so the same work always gets
 * the same Job names.
 */
public record PreprocessingPlan(TaskPlan map, TaskPlan finalizePlan, String hash, long bytes, int objects, int alreadyIndexed,
                                int parallelism, int finalizeParallelism) {

    public static final String PLANS_DIR = MetadataLayout.VERSION_DIR + "/plans/";

    /**
     * @param specHash the dataset spec's hash: part of the plan hash, so a changed spec never reuses a Job name
     */
    public static PreprocessingPlan of(PreprocessPlan plan, String specHash, long bytesPerWorker, int maxWorkers,
                                       int maxTasksPerGroup) {
        List<List<TaskSpec>> groups = new ArrayList<>();
        List<TaskSpec> cur = new ArrayList<>();
        long curBytes = 0;
        for (TaskSpec t : plan.tasks()) {
            if (!cur.isEmpty() && (curBytes + t.bytes() > bytesPerWorker || cur.size() >= maxTasksPerGroup)) {
                groups.add(cur);
                cur = new ArrayList<>();
                curBytes = 0;
            }
            cur.add(t);
            curBytes += t.bytes();
        }
        if (!cur.isEmpty()) {
            groups.add(cur);
        }
        List<List<TaskSpec>> finGroups = new ArrayList<>();
        List<TaskSpec> fin = plan.finalizeTasks();
        if (!fin.isEmpty()) {
            int per = Math.min(maxTasksPerGroup, (fin.size() + maxWorkers - 1) / maxWorkers);
            for (int i = 0; i < fin.size(); i += per) {
                finGroups.add(List.copyOf(fin.subList(i, Math.min(fin.size(), i + per))));
            }
        }
        TaskPlan map = TaskPlan.of(groups);
        TaskPlan finalize = finGroups.isEmpty() ? null : TaskPlan.of(finGroups);
        String hash = Hashing.sha256Hex(specHash + "\n" + new String(map.toJson(), StandardCharsets.UTF_8) + "\n"
                + (finalize == null ? "" : new String(finalize.toJson(), StandardCharsets.UTF_8))).substring(0, 10);
        long bytes = plan.bytes();
        Set<String> objects = new HashSet<>();
        plan.tasks().forEach(t -> objects.add(t.source().uri()));
        int parallelism = (int) Math.max(1, Math.min(Math.min(maxWorkers, groups.size()), ceilDiv(bytes, bytesPerWorker)));
        int finParallelism = Math.max(1, Math.min(maxWorkers, finGroups.size()));
        return new PreprocessingPlan(map, finalize, hash, bytes, objects.size(), plan.alreadyIndexed().size(), parallelism,
                finParallelism);
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    public int mapTasks() {
        return map.groups().stream().mapToInt(List::size).sum();
    }

    public int finalizeTasks() {
        return finalizePlan == null ? 0 : finalizePlan.groups().stream().mapToInt(List::size).sum();
    }

    public static ObjectLocation mapPlanLocation(ObjectLocation metadataRoot, String namespace, String dataset, String hash) {
        return metadataRoot.resolve(PLANS_DIR + namespace + "/" + dataset + "/" + hash + "-map.json");
    }

    public static ObjectLocation finalizePlanLocation(ObjectLocation metadataRoot, String namespace, String dataset, String hash) {
        return metadataRoot.resolve(PLANS_DIR + namespace + "/" + dataset + "/" + hash + "-finalize.json");
    }
}
