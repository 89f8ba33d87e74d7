package io.dataplug.operator.local;

import io.dataplug.operator.support.Conditions;
import io.dataplug.operator.support.IndexSet;
import io.dataplug.operator.support.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the Job controller and the kubelet where there are none (the embedded dev cluster, tests):
 * watches Jobs, runs each index's container through a {@link ContainerRunner} with the pod's environment, and
 * writes Pods and Job status the way Kubernetes does — {@code active}, {@code succeeded}, {@code failed},
 * {@code completedIndexes}, {@code failedIndexes}, conditions {@code Complete} / {@code Failed} — honouring
 * {@code parallelism}, {@code backoffLimitPerIndex} (or {@code backoffLimit}), and {@code podFailurePolicy}
 * {@code FailIndex} / {@code FailJob} rules on exit codes.
 */
public final class LocalJobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobRunner.class);

    private final KubernetesClient client;
    private final ContainerRunner runner;
    private final ExecutorService pods;
    private final ScheduledExecutorService timers;
    private final Duration retryDelay;
    /** Every Job seen, by UID; kept after it finishes so that late watch events never start it again. */
    private final Map<String, JobRun> runs = new ConcurrentHashMap<>();
    private final AtomicInteger podsStarted = new AtomicInteger();
    private volatile boolean paused;
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
                JobRun run = runs.remove(job.getMetadata().getUid());
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
        runs.values().forEach(JobRun::schedule);
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
            JobRun run = new JobRun(job);
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
            client.pods().inNamespace(job.getMetadata().getNamespace()).withLabel(Labels.JOB_NAME, job.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
            LOG.debug("deleting pods of {}: {}", job.getMetadata().getName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.stop();
        }
        runs.values().forEach(JobRun::cancel);
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

    /** One Job being run: the Job controller's bookkeeping for it. */
    private final class JobRun {
        private final Job job;
        private final String ns;
        private final String name;
        private final int completions;
        private final int parallelism;
        private final Integer backoffLimitPerIndex;
        private final int backoffLimit;
        private final boolean indexed;
        private final BitSet succeeded = new BitSet();
        private final BitSet failedIndexes = new BitSet();
        private final int[] failures;
        private final Deque<Integer> pending = new ArrayDeque<>();
        private int active;
        private int failedPods;
        private String startTime;
        private boolean cancelled;
        private boolean finished;
        private String failReason;
        private String failMessage;
        private String finishedAt;
        private final Object writeLock = new Object();

        JobRun(Job job) {
            this.job = job;
            this.ns = job.getMetadata().getNamespace();
            this.name = job.getMetadata().getName();
            var spec = job.getSpec();
            this.completions = spec.getCompletions() == null ? 1 : spec.getCompletions();
            this.parallelism = spec.getParallelism() == null ? 1 : Math.max(0, spec.getParallelism());
            this.backoffLimitPerIndex = spec.getBackoffLimitPerIndex();
            this.backoffLimit = spec.getBackoffLimit() != null ? spec.getBackoffLimit()
                    : backoffLimitPerIndex != null ? Integer.MAX_VALUE : 6;
            this.indexed = "Indexed".equals(spec.getCompletionMode());
            this.failures = new int[completions];
            BitSet done = IndexSet.parse(job.getStatus() == null ? null : job.getStatus().getCompletedIndexes());
            succeeded.or(done);
            for (int i = 0; i < completions; i++) {
                if (!succeeded.get(i)) {
                    pending.add(i);
                }
            }
        }

        void begin() {
            synchronized (this) {
                startTime = job.getStatus() != null && job.getStatus().getStartTime() != null ? job.getStatus().getStartTime() : Conditions.now();
                checkDone();
            }
            writeStatus();
            schedule();
        }

        void schedule() {
            List<Integer> start = new ArrayList<>();
            synchronized (this) {
                while (!cancelled && !finished && !paused && active < parallelism && !pending.isEmpty()) {
                    start.add(pending.poll());
                    active++;
                }
            }
            if (!start.isEmpty()) {
                writeStatus();
            }
            for (int i : start) {
                pods.execute(() -> attempt(i));
            }
        }

        synchronized void cancel() {
            cancelled = true;
        }

        private void attempt(int index) {
            int attempt;
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                attempt = failures[index];
            }
            podsStarted.incrementAndGet();
            String pod = name + "-" + index + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 25, 1L << 30), 36);
            Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
            createPod(pod, index, attempt);
            ContainerRunner.Result result;
            try {
                Map<String, String> env = env(c, pod, index);
                result = runner.run(new ContainerRunner.Launch(ns, pod, c.getImage(), c.getCommand(), c.getArgs(), env));
            } catch (ConfigError e) {
                result = new ContainerRunner.Result(1, "CreateContainerConfigError: " + e.getMessage());
            } catch (RuntimeException e) {
                result = new ContainerRunner.Result(1, "local runner: " + e);
            }
            finishPod(pod, c.getName(), result);
            boolean retry = false;
            synchronized (this) {
                active--;
                if (cancelled) {
                    return;
                }
                if (result.exitCode() == 0) {
                    succeeded.set(index);
                } else {
                    failedPods++;
                    failures[index]++;
                    String action = policyAction(c.getName(), result.exitCode());
                    if ("FailJob".equals(action)) {
                        fail("PodFailurePolicy", "Container " + c.getName() + " for pod " + ns + "/" + pod + " failed with exit code "
                                + result.exitCode() + " matching FailJob rule");
                    } else if ("Ignore".equals(action)) {
                        failedPods--;
                        failures[index]--;
                        retry = true;
                    } else if (backoffLimitPerIndex != null) {
                        if ("FailIndex".equals(action) || failures[index] > backoffLimitPerIndex) {
                            failedIndexes.set(index);
                        } else {
                            retry = true;
                        }
                    } else if (failedPods > backoffLimit) {
                        fail("BackoffLimitExceeded", "Job has reached the specified backoff limit");
                    } else {
                        retry = true;
                    }
                }
                checkDone();
            }
            writeStatus();
            if (retry) {
                timers.schedule(() -> {
                    synchronized (this) {
                        pending.addFirst(index);
                    }
                    schedule();
                }, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                schedule();
            }
        }

        private String policyAction(String container, int exitCode) {
            var policy = job.getSpec().getPodFailurePolicy();
            if (policy == null || policy.getRules() == null) {
                return null;
            }
            for (PodFailurePolicyRule rule : policy.getRules()) {
                var on = rule.getOnExitCodes();
                if (on == null || (on.getContainerName() != null && !on.getContainerName().equals(container))) {
                    continue;
                }
                boolean in = on.getValues().contains(exitCode);
                if ("In".equals(on.getOperator()) == in) {
                    return rule.getAction();
                }
            }
            return null;
        }

        private void fail(String reason, String message) {
            failReason = reason;
            failMessage = message;
            finished = true;
            cancelled = true;
        }

        private void checkDone() {
            if (finished) {
                return;
            }
            if (backoffLimitPerIndex != null && !failedIndexes.isEmpty() && job.getSpec().getMaxFailedIndexes() != null
                    && failedIndexes.cardinality() > job.getSpec().getMaxFailedIndexes()) {
                fail("MaxFailedIndexesExceeded", "Job has exceeded the specified maximal number of failed indexes");
                return;
            }
            if (active == 0 && succeeded.cardinality() + failedIndexes.cardinality() >= completions) {
                finished = true;
                if (!failedIndexes.isEmpty()) {
                    failReason = "FailedIndexes";
                    failMessage = "Job has failed indexes";
                }
            }
        }

        private void writeStatus() {
            // One writer at a time, each writing the latest state: the Job's status never goes backwards.
            synchronized (writeLock) {
                JobStatus status = snapshot();
                if (status == null) {
                    return;
                }
                for (int attempt = 0; ; attempt++) {
                    try {
                        client.batch().v1().jobs().inNamespace(ns).withName(name).editStatus(j -> {
                            j.setStatus(status);
                            return j;
                        });
                        return;
                    } catch (KubernetesClientException e) {
                        if (e.getCode() == 404) {
                            cancel();
                            return;
                        }
                        if (e.getCode() != 409 || attempt >= 20) {
                            LOG.warn("updating status of Job {}/{}: {}", ns, name, e.getMessage());
                            return;
                        }
                    }
                }
            }
        }

        private synchronized JobStatus snapshot() {
            if (cancelled && !finished) {
                return null;
            }
            JobStatusBuilder b = new JobStatusBuilder()
                    .withStartTime(startTime)
                    .withActive(active)
                    .withReady(active)
                    .withTerminating(0)
                    .withSucceeded(succeeded.cardinality())
                    .withFailed(failedPods)
                    .withNewUncountedTerminatedPods().endUncountedTerminatedPods();
            if (indexed) {
                b.withCompletedIndexes(IndexSet.format(succeeded));
                if (backoffLimitPerIndex != null) {
                    b.withFailedIndexes(IndexSet.format(failedIndexes));
                }
            }
            if (finished) {
                if (finishedAt == null) {
                    finishedAt = Conditions.now();
                }
                List<JobCondition> conds = new ArrayList<>();
                if (failReason == null) {
                    conds.add(cond("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", finishedAt));
                    conds.add(cond("Complete", "CompletionsReached", "Reached expected number of succeeded pods", finishedAt));
                    b.withCompletionTime(finishedAt);
                } else {
                    conds.add(cond("FailureTarget", failReason, failMessage, finishedAt));
                    conds.add(cond("Failed", failReason, failMessage, finishedAt));
                }
                b.withConditions(conds);
            }
            return b.build();
        }

        private JobCondition cond(String type, String reason, String message, String now) {
            return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                    .withLastProbeTime(now).withLastTransitionTime(now).build();
        }

        private void createPod(String pod, int index, int failureCount) {
            Map<String, String> labels = new LinkedHashMap<>();
            if (job.getSpec().getTemplate().getMetadata() != null && job.getSpec().getTemplate().getMetadata().getLabels() != null) {
                labels.putAll(job.getSpec().getTemplate().getMetadata().getLabels());
            }
            labels.put(Labels.JOB_NAME, name);
            labels.put(Labels.LEGACY_JOB_NAME, name);
            labels.put(Labels.CONTROLLER_UID, job.getMetadata().getUid());
            labels.put(Labels.JOB_COMPLETION_INDEX, Integer.toString(index));
            Pod p = new PodBuilder()
                    .withNewMetadata().withName(pod).withNamespace(ns).withLabels(labels)
                    .addToAnnotations(Labels.JOB_COMPLETION_INDEX, Integer.toString(index))
                    .addToAnnotations("batch.kubernetes.io/job-index-failure-count", Integer.toString(failureCount))
                    .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(name)
                            .withUid(job.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build())
                    .endMetadata()
                    .withSpec(job.getSpec().getTemplate().getSpec())
                    .withNewStatus().withPhase("Running").withStartTime(Conditions.now()).endStatus()
                    .build();
            try {
                client.pods().inNamespace(ns).resource(p).create();
            } catch (KubernetesClientException e) {
                LOG.warn("creating pod {}/{}: {}", ns, pod, e.getMessage());
            }
        }

        private void finishPod(String pod, String container, ContainerRunner.Result r) {
            String now = Conditions.now();
            try {
                client.pods().inNamespace(ns).withName(pod).editStatus(p -> {
                    p.getStatus().setPhase(r.exitCode() == 0 ? "Succeeded" : "Failed");
                    p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(container).withReady(false)
                            .withRestartCount(0).withNewState().withNewTerminated().withExitCode(r.exitCode())
                            .withReason(r.exitCode() == 0 ? "Completed" : "Error").withMessage(r.message())
                            .withStartedAt(p.getStatus().getStartTime()).withFinishedAt(now).endTerminated().endState().build()));
                    return p;
                });
            } catch (KubernetesClientException e) {
                LOG.debug("updating pod {}/{}: {}", ns, pod, e.getMessage());
            }
        }

        private Map<String, String> env(Container c, String pod, int index) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("HOSTNAME", pod);
            if (c.getEnv() != null) {
                for (EnvVar v : c.getEnv()) {
                    if (v.getValue() != null) {
                        env.put(v.getName(), v.getValue());
                    } else if (v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null) {
                        var ref = v.getValueFrom().getSecretKeyRef();
                        String value = secretValue(ref.getName(), ref.getKey());
                        if (value != null) {
                            env.put(v.getName(), value);
                        } else if (!Boolean.TRUE.equals(ref.getOptional())) {
                            throw new ConfigError("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
                        }
                    } else if (v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null) {
                        String path = v.getValueFrom().getFieldRef().getFieldPath();
                        switch (path) {
                            case "metadata.name" -> env.put(v.getName(), pod);
                            case "metadata.namespace" -> env.put(v.getName(), ns);
                            case "metadata.annotations['batch.kubernetes.io/job-completion-index']" ->
                                    env.put(v.getName(), Integer.toString(index));
                            default -> { }
                        }
                    } else if (v.getName() != null) {
                        env.put(v.getName(), "");
                    }
                }
            }
            if (indexed) {
                env.put("JOB_COMPLETION_INDEX", Integer.toString(index));
            }
            return env;
        }

        private String secretValue(String secret, String key) {
            Secret s = client.secrets().inNamespace(ns).withName(secret).get();
            if (s == null) {
                return null;
            }
            if (s.getData() != null && s.getData().get(key) != null) {
                return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
            }
            return s.getStringData() != null ? s.getStringData().get(key) : null;
        }
    }

    private static final class ConfigError extends RuntimeException {
        ConfigError(String message) {
            super(message);
        }
    }
}
