package io.dataplug.core.exec;

import java.util.List;
import java.util.function.LongConsumer;

/** Runs a batch of independent preprocessing tasks to completion: a thread pool here, Kubernetes Jobs in the operator. */
public interface ExecutionBackend {

    /** Returns when every task succeeded; throws the first failure otherwise. */
    void runAll(List<TaskSpec> tasks, LongConsumer progress);
}
