package io.dataplug.operator.partition;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.UnknownStrategyException;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.slice.Partitioner;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SliceRoots;
import io.dataplug.core.slice.StoreRoot;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.StorageException;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.dataset.Inventory;
import io.dataplug.operator.dataset.ResolvedDataset;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.Problem;
import io.dataplug.operator.support.StorageAccess;
import java.util.List;
import java.util.Map;

/**
 * Computes a partitioning's slices from its Ready dataset's inventory and indexes (metadata-sized reads only), with
 * every failure classified by its type: a bad strategy or parameter is the spec's fault, a missing index or an
 * unreachable store is retried.
 */
final class SliceComputation {

    /** The slices and what publishing them needs. */
    record Computed(List<Slice> slices, ResolvedDataset dataset, ObjectStore metadataStore) {
    }

    private SliceComputation() {
    }

    static Computed compute(Partitioning p, CloudDataset ds, OperatorConfig config, StorageAccess access) {
        String dsName = ds.getMetadata().getName();
        ResolvedDataset r;
        try {
            r = ResolvedDataset.resolve(ds, config, access);
        } catch (Problem e) {
            throw new Problem(Reason.DatasetNotReady, "CloudDataset " + dsName + ": " + e.reason() + ": " + e.getMessage(), e.retry());
        }
        ObjectStore metaStore = access.store(r.metadataStorage(), r.metadataCredentials());
        MetadataStore metadata = new MetadataStore(metaStore, r.metadataRoot());
        String ns = p.getMetadata().getNamespace();
        try {
            ObjectLocation invLoc = ObjectLocation.parse(ds.getStatus().inventory);
            Inventory inv = Inventory.fromJson(metaStore.readIfExists(invLoc).orElseThrow(() -> new Problem(Reason.IndexMissing,
                    "inventory " + invLoc + " of CloudDataset " + dsName + " is missing from the metadata store", true)), invLoc.toUri());
            List<IndexedObject<?>> indexes = Partitioner.loadIndexes(r.format(), r.options(), inv.objectInfos(), inv.sourceStorage(), metadata);
            SliceRoots roots = new SliceRoots(StoreRoot.of(r.source(), r.prefix(), inv.sourceStorage()),
                    StoreRoot.of(r.metadataRoot(), true, r.metadataStorage()));
            List<Slice> slices = Partitioner.partition(ns + "/" + dsName, r.format(), r.options(), indexes, p.getSpec().strategy,
                    p.getSpec().params == null ? Map.of() : p.getSpec().params, metadata, roots);
            return new Computed(slices, r, metaStore);
        } catch (Partitioner.MissingIndexException e) {
            throw new Problem(Reason.IndexMissing, e.getMessage(), true);
        } catch (UnknownStrategyException e) {
            throw new Problem(Reason.UnknownStrategy, e.getMessage(), false);
        } catch (InvalidRequestException e) {
            throw new Problem(Reason.InvalidSpec, e.getMessage(), false);
        } catch (StorageException e) {
            throw new Problem(Reason.StorageError, "reading the indexes: " + e.getMessage(), true);
        }
    }
}
