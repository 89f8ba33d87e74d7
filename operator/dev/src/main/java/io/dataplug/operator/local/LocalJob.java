package io.dataplug.operator.local;

import io.dataplug.operator.support.Conditions;
import io.dataplug.operator.support.IndexSet;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Job being run: the Job controller's bookkeeping for it (indexes, attempts, retries, failure policy, status). */
final class LocalJob {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);

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
    private int running;
    private int failedPods;
    private String startTime;
    private boolean cancelled;
    private boolean finished;
    private String failReason;
    private String failMessage;
    private String finishedAt;
    private final Object writeLock = new Object();
    private final LocalJobRunner owner;
    private final KubernetesClient client;
    private final LocalPods pods;

    LocalJob(Job job, LocalJobRunner owner) {
        this.owner = owner;
        this.client = owner.client();
        this.pods = new LocalPods(client, job);
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
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        if (deadline != null) {
            long due = Instant.parse(startTime).plusSeconds(deadline).toEpochMilli() - System.currentTimeMillis();
            owner.timers().schedule(this::deadlineReached, Math.max(0, due), TimeUnit.MILLISECONDS);
        }
        schedule();
    }

    /** {@code activeDeadlineSeconds} passed: the Job fails, its unfinished pods are removed, whatever they wait for. */
    private void deadlineReached() {
        synchronized (this) {
            if (finished || cancelled) {
                return;
            }
            fail("DeadlineExceeded", "Job was active longer than specified deadline");
        }
        writeStatus();
        pods.deleteUnfinished();
    }

    void schedule() {
        List<Integer> start = new ArrayList<>();
        synchronized (this) {
            while (!cancelled && !finished && !owner.paused() && active < parallelism && !pending.isEmpty()) {
                start.add(pending.poll());
                active++;
            }
        }
        if (!start.isEmpty()) {
            writeStatus();
        }
        for (int i : start) {
            owner.podExecutor().execute(() -> attempt(i));
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
        owner.podStarted();
        String pod = name + "-" + index + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 25, 1L << 30), 36);
        pods.create(pod, index, attempt);
        start(pod, index, true);
    }

    /**
     * Runs the pod's container once it is scheduled, its image pulled and its environment resolvable. Until then
     * the pod waits (Pending, as the API reports it), counts as active, and is checked again later, as the scheduler
     * and the kubelet retry: a Secret created meanwhile lets it start.
     */
    private void start(String pod, int index, boolean firstTry) {
        synchronized (this) {
            if (cancelled) {
                return;
            }
        }
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        LocalNode node = owner.node();
        Optional<LocalNode.Waiting> waiting = node.schedule(c).or(() -> node.pull(c, firstTry));
        Map<String, String> env = null;
        if (waiting.isEmpty()) {
            try {
                env = pods.env(c, pod, index);
            } catch (LocalPods.ConfigError e) {
                waiting = Optional.of(new LocalNode.ContainerWaiting("CreateContainerConfigError", e.getMessage()));
            }
        }
        if (waiting.isPresent()) {
            switch (waiting.get()) {
                case LocalNode.Unschedulable u -> pods.unschedulable(pod, u.message());
                case LocalNode.ContainerWaiting w -> pods.waiting(pod, c, w.reason(), w.message());
            }
            owner.timers().schedule(() -> owner.podExecutor().execute(() -> start(pod, index, false)),
                    owner.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        pods.running(pod, c);
        synchronized (this) {
            running++;
        }
        writeStatus();
        ContainerRunner.Result result;
        try {
            result = owner.containerRunner().run(new ContainerRunner.Launch(ns, pod, c.getImage(), c.getCommand(), c.getArgs(), env));
        } catch (RuntimeException e) {
            result = new ContainerRunner.Result(1, "local runner: " + e);
        }
        pods.finish(pod, c.getName(), result);
        boolean retry = false;
        synchronized (this) {
            active--;
            running--;
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
            owner.timers().schedule(() -> {
                synchronized (this) {
                    pending.addFirst(index);
                }
                schedule();
            }, owner.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
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
                .withActive(finished ? 0 : active)
                .withReady(finished ? 0 : running)
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
}
