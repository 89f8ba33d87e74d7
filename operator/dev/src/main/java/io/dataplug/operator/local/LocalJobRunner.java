package io.dataplug.operator.local;

import io.dataplug.operator.support.Labels;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the Job controller and the kubelet where there are none (the embedded dev cluster, tests):
 * watches Jobs, runs each index's container through a {@link ContainerRunner} with the pod's environment, and
 * writes Pods and Job status the way Kubernetes does — {@code active}, {@code succeeded}, {@code failed},
 * {@code completedIndexes}, {@code failedIndexes}, conditions {@code Complete} / {@code Failed} — honouring
 * {@code parallelism}, {@code backoffLimitPerIndex} (or {@code backoffLimit}), {@code podFailurePolicy}
 * {@code FailIndex} / {@code FailJob} rules on exit codes, and {@code activeDeadlineSeconds}. Pods that cannot start
 * wait as on a cluster ({@link LocalNode}: Unschedulable, ImagePullBackOff; a missing Secret or key:
 * CreateContainerConfigError) and start when the cause goes away.
 */
public final class LocalJobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobRunner.class);

    private final KubernetesClient client;
    private final ContainerRunner runner;
    private final ExecutorService pods;
    private final ScheduledExecutorService timers;
    private final Duration retryDelay;
    /** Every Job seen, by UID; kept after it finishes so that late watch events never start it again. */
    private final Map<String, LocalJob> runs = new ConcurrentHashMap<>();
    private final AtomicInteger podsStarted = new AtomicInteger();
    private volatile boolean paused;
    private volatile LocalNode node = LocalNode.UNLIMITED;
    private SharedIndexInformer<Job> informer;

    /**
     * @param maxPods    pods running at once across all Jobs (the "cluster size")
     * @param retryDelay pause before a failed index is retried (Kubernetes backs off from 10 s)
     */
    public LocalJobRunner(KubernetesClient client, ContainerRunner runner, int maxPods, Duration retryDelay) {
        this.client = client;
        this.runner = runner;
        this.retryDelay = retryDelay;
        AtomicInteger n = new AtomicInteger();
        this.pods = Executors.newFixedThreadPool(Math.max(1, maxPods), r -> {
            Thread t = new Thread(r, "local-pod-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-job-timers");
            t.setDaemon(true);
            return t;
        });
    }

    public LocalJobRunner start() {
        informer = client.batch().v1().jobs().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                consider(job);
            }

            @Override
            public void onUpdate(Job oldJob, Job job) {
                consider(job);
            }

            @Override
            public void onDelete(Job job, boolean unknownFinalState) {
                LocalJob run = runs.remove(job.getMetadata().getUid());
                if (run != null) {
                    run.cancel();
                }
                deletePods(job);
            }
        }, 0);
        return this;
    }

    /** Stops starting pods (running ones finish); Jobs wait, as on a cluster without free nodes. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        runs.values().forEach(LocalJob::schedule);
    }

    /**
     * The node pods are scheduled on: its capacity (pods requesting more stay Unschedulable) and the images it can
     * pull (others wait in ImagePullBackOff). Default: unlimited, every image.
     */
    public LocalJobRunner node(LocalNode n) {
        this.node = n;
        return this;
    }

    LocalNode node() {
        return node;
    }

    /** Pods started so far (each attempt of each index is one pod). */
    public int podsStarted() {
        return podsStarted.get();
    }

    private void consider(Job job) {
        if (job.getMetadata().getDeletionTimestamp() != null || Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            return;
        }
        if (isFinished(job.getStatus())) {
            return;
        }
        runs.computeIfAbsent(job.getMetadata().getUid(), uid -> {
            LocalJob run = new LocalJob(job, this);
            timers.execute(run::begin);
            return run;
        });
    }

    private static boolean isFinished(JobStatus s) {
        return s != null && s.getConditions() != null && s.getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
    }

    private void deletePods(Job job) {
        try {
            // By the Job's UID, as the garbage collector follows owner references: a new Job of the same name keeps its pods.
            client.pods().inNamespace(job.getMetadata().getNamespace()).withLabel(Labels.CONTROLLER_UID, job.getMetadata().getUid()).delete();
        } catch (KubernetesClientException e) {
            LOG.debug("deleting pods of {}: {}", job.getMetadata().getName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.stop();
        }
        runs.values().forEach(LocalJob::cancel);
        timers.shutdownNow();
        pods.shutdown();
        try {
            if (!pods.awaitTermination(30, TimeUnit.SECONDS)) {
                pods.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pods.shutdownNow();
        }
    }

    KubernetesClient client() {
        return client;
    }

    ContainerRunner containerRunner() {
        return runner;
    }

    ExecutorService podExecutor() {
        return pods;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    Duration retryDelay() {
        return retryDelay;
    }

    boolean paused() {
        return paused;
    }

    void podStarted() {
        podsStarted.incrementAndGet();
    }
}
