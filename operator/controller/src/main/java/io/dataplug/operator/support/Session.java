package io.dataplug.operator.support;

import io.dataplug.core.util.Json;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * What one reconciliation needs from its surroundings: the client and a way to write the primary resource's status.
 * Under JOSDK ({@link #of(Context)}) the status is patched with optimistic locking and cached, so the next
 * reconciliation never sees the status this one replaced (which would repeat Events and work); tests and tools
 * that call a reconciler directly use {@link #direct(KubernetesClient)}.
 */
public record Session<R extends CustomResource<?, ?>>(KubernetesClient client, StatusWriter<R> writer) {

    /** Writes {@code updated} (carrying the new status) over {@code base}, the resource as the reconciliation read it. */
    @FunctionalInterface
    public interface StatusWriter<R> {
        void write(R base, R updated);
    }

    public static <R extends CustomResource<?, ?>> Session<R> of(Context<R> context) {
        return new Session<>(context.getClient(), (base, updated) ->
                PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(base, context, r -> withStatusOf(r, updated)));
    }

    @SuppressWarnings("unchecked")
    private static <R extends CustomResource<?, ?>> R withStatusOf(R target, R source) {
        ((CustomResource<?, Object>) target).setStatus(source.getStatus());
        return target;
    }

    /** Status written with a plain update of the status subresource (409 when the resource changed meanwhile). */
    public static <R extends CustomResource<?, ?>> Session<R> direct(KubernetesClient client) {
        return new Session<>(client, (base, updated) -> client.resource(updated).updateStatus());
    }

    /** A deep copy, as read: the base a status write is compared with. */
    public R copy(R resource) {
        return client.getKubernetesSerialization().clone(resource);
    }

    /** Writes the status of {@code resource} unless it equals the status of {@code base}. */
    public void writeIfChanged(R base, R resource) {
        if (base.getStatus() != null && Json.string(base.getStatus()).equals(Json.string(resource.getStatus()))) {
            return;
        }
        writer.write(base, resource);
    }
}
