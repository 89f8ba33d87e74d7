package io.dataplug.core.exec;

import io.dataplug.core.storage.RangeStreams;

/** When a task that commits an object looks up whether another task already committed it. */
public enum MarkerLookup {
    /**
     * While it works, so that a retried or duplicated task stops early: for tasks that may run long after they
     * were planned, as the operator's workers do.
     */
    WHILE_WORKING,
    /**
     * For tasks run right after this process's planner found their markers absent, as the CLI does: a task of at most
     * {@link #SMALL_TASK} bytes looks the marker up only before it writes anything besides it (a side file,
     * {@code index.json}), so a commit that is one put-if-absent marker makes no lookup at all (the first marker is
     * kept whatever the race), where the lookup would be one request in four. A larger task looks it up while it
     * works: its index is likely to need {@code index.json}, and one request is nothing next to its read.
     */
    BEFORE_SIDE_WRITES;

    /** The bytes of one ranged read: tasks up to this size defer their lookup under {@link #BEFORE_SIDE_WRITES}. */
    public static final long SMALL_TASK = RangeStreams.BLOCK_SIZE;
}
