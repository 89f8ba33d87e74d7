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
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
