package io.dataplug.operator.support;

import io.dataplug.core.storage.ObjectNotFoundException;
import io.dataplug.core.storage.StorageException;
import io.dataplug.operator.model.Reason;
import java.util.function.Supplier;

/** Metadata-store calls whose storage failures become retried problems, told apart by exception type. */
public final class StorageCalls {

    private StorageCalls() {
    }

    /**
     * @param what what the call does, for the message ("writing the inventory")
     * @throws Problem MetadataNotFound when the object or bucket is missing, StorageError for other storage failures
     */
    public static <T> T metadata(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (ObjectNotFoundException e) {
            throw new Problem(Reason.MetadataNotFound, what + ": " + e.getMessage(), true);
        } catch (StorageException e) {
            throw new Problem(Reason.StorageError, what + ": " + e.getMessage(), true);
        }
    }

    public static void metadata(String what, Runnable call) {
        metadata(what, () -> {
            call.run();
            return null;
        });
    }
}
