package io.dataplug.operator.support;

import io.dataplug.core.util.Json;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** Status writes shared by the reconcilers. */
public final class StatusPatches {

    private StatusPatches() {
    }

    /**
     * Patches {@code fresh} as the status of {@code base} (the resource as this reconciliation read it) with
     * optimistic locking, and caches the result so the next reconciliation never sees the status this one
     * replaced (which would repeat Events and work). An unchanged status is not written at all.
     */
    public static <S, R extends CustomResource<?, S>> UpdateControl<R> patchIfChanged(R base, S fresh, Context<R> context) {
        if (base.getStatus() != null && Json.string(base.getStatus()).equals(Json.string(fresh))) {
            return UpdateControl.noUpdate();
        }
        PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(base, context, r -> {
            r.setStatus(fresh);
            return r;
        });
        return UpdateControl.noUpdate();
    }
}
