package io.dataplug.core.exec;

/** When a task that commits an object looks up whether another task already committed it. */
public enum MarkerLookup {
    /**
     * While it works, so that a retried or duplicated task stops early: for tasks that may run long after they
     * were planned, as the operator's workers do.
     */
    WHILE_WORKING,
    /**
     * Only before it writes anything besides the marker (a side file, {@code index.json}): for tasks run right after
     * this process's planner found their markers absent, as the CLI does. A commit that is one put-if-absent marker
     * then makes no lookup at all: the first marker is kept whatever the race.
     */
    BEFORE_SIDE_WRITES
}
