package io.dataplug.operator.dataset;

import io.dataplug.core.exec.TaskPlan;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.Problem;
import io.dataplug.operator.support.StorageAccess;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Summaries of the task plans that running Jobs execute, read once from the metadata store and kept (least recently
 * used first out): progress and failure messages need them on every reconciliation of a running Job.
 */
final class PlanSummaries {

    private static final int MAX_CACHED = 256;

    private final StorageAccess access;
    private final Map<String, PlanSummary> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PlanSummary> eldest) {
            return size() > MAX_CACHED;
        }
    };

    PlanSummaries(StorageAccess access) {
        this.access = access;
    }

    synchronized PlanSummary get(ResolvedDataset r, String planUri) {
        PlanSummary s = cache.get(planUri);
        if (s == null) {
            ObjectLocation loc = ObjectLocation.parse(planUri);
            byte[] data = access.store(r.metadataStorage(), r.metadataCredentials()).readIfExists(loc)
                    .orElseThrow(() -> new Problem(Reason.MetadataNotFound, "task plan " + planUri + " is missing", true));
            s = PlanSummary.of(TaskPlan.fromJson(data, planUri));
            cache.put(planUri, s);
        }
        return s;
    }

    /** A plan this operator just wrote. */
    synchronized void put(String planUri, TaskPlan plan) {
        cache.put(planUri, PlanSummary.of(plan));
    }
}
