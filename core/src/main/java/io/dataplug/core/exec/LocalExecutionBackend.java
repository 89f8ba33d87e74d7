package io.dataplug.core.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/** Runs tasks on a fixed pool of threads in this JVM. */
public final class LocalExecutionBackend implements ExecutionBackend {

    private final TaskRunner runner;
    private final int workers;

    public LocalExecutionBackend(TaskRunner runner, int workers) {
        this.runner = runner;
        this.workers = Math.max(1, workers);
    }

    @Override
    public void runAll(List<TaskSpec> tasks, LongConsumer progress) {
        if (tasks.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, tasks.size()),
                Thread.ofPlatform().daemon().name("dataplug-task-", 0).factory());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (TaskSpec t : tasks) {
                futures.add(pool.submit(() -> runner.run(t, progress)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    RuntimeException failure = e.getCause() instanceof RuntimeException re ? re
                            : new IllegalStateException(e.getCause());
                    throw settled(failure);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw settled(new IllegalStateException("interrupted", e));
                }
            }
            runner.flush(); // every result is stored when the tasks are done
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code failure}, once the writes under way have landed or failed too (theirs are added to it). */
    private RuntimeException settled(RuntimeException failure) {
        try {
            runner.flush();
        } catch (RuntimeException also) {
            if (also != failure) {
                failure.addSuppressed(also);
            }
        }
        return failure;
    }
}
