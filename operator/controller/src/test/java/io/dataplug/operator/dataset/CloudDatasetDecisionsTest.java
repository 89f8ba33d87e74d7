package io.dataplug.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.util.Sizes;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.Session;
import io.dataplug.operator.testing.ReconcileTestSupport;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each decision of the CloudDataset reconciler, one synchronous reconcile() at a time, with the exact status it writes. */
class CloudDatasetDecisionsTest extends ReconcileTestSupport {

    private byte[] a;
    private byte[] b;

    /** Two objects; with {@code oneGroupEach} the map Job has one task group per object. */
    private CloudDataset twoObjects(boolean oneGroupEach) {
        a = lines(1, 100);
        b = lines(2, 50);
        put("a.txt", a);
        put("b.txt", b);
        CloudDataset ds = dataset("ds", "lines-test");
        if (oneGroupEach) {
            ds.getSpec().preprocessing.bytesPerWorker = new Quantity(Integer.toString(a.length));
        }
        return ds;
    }

    /** First sight, then planning: returns the map Job. */
    private Job planned() {
        reconcileDataset("ds");
        reconcileDataset("ds");
        return jobs("ds").get(0);
    }

    @Test
    void firstSightIsPendingAndAsksForAnImmediateRequeue() {
        create(twoObjects(false));
        UpdateControl<CloudDataset> c = reconcileDataset("ds");

        CloudDataset ds = getDataset("ds");
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Pending);
        assertThat(ds.getStatus().observedGeneration).isEqualTo(1L);
        assertReady(ds.getStatus(), false, Reason.Pending, "listing the source objects and planning");
        assertThat(c.getScheduleDelay()).contains(1L);
        assertThat(jobs("ds")).isEmpty();
        assertThat(events("ds")).isEmpty();
    }

    @Test
    void planningWritesThePlanAndStartsTheMapJob() {
        create(twoObjects(false));
        reconcileDataset("ds");
        UpdateControl<CloudDataset> c = reconcileDataset("ds");

        Job job = jobs("ds").get(0);
        assertThat(jobs("ds")).hasSize(1);
        String name = job.getMetadata().getName();
        assertThat(name).matches("ds-map-[0-9a-f]{10}");
        assertThat(job.getSpec().getCompletions()).isEqualTo(1);
        CloudDataset ds = getDataset("ds");
        long bytes = a.length + b.length;
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Preprocessing);
        assertThat(ds.getStatus().progress.tasksDone).isZero();
        assertThat(ds.getStatus().progress.tasksTotal).isEqualTo(2);
        assertThat(ds.getStatus().progress.bytesDone).isZero();
        assertThat(ds.getStatus().progress.bytesTotal).isEqualTo(bytes);
        assertThat(ds.getStatus().progress.summary).isEqualTo("0/2 tasks");
        String hash = name.substring("ds-map-".length());
        assertThat(ds.getStatus().plan.hash).isEqualTo(hash);
        assertThat(ds.getStatus().plan.mapJob).isEqualTo(name);
        assertThat(ds.getStatus().plan.mapPlan).isEqualTo("s3://meta/" + prefix + "dataplug-v1/plans/" + ns + "/ds/" + hash + "-map.json");
        assertThat(ds.getStatus().plan.finalizePlan).isNull();
        assertThat(ds.getStatus().plan.finalizeJob).isNull();
        assertThat(ds.getStatus().plan.objects).isEqualTo(2);
        assertThat(ds.getStatus().plan.alreadyIndexed).isZero();
        assertReady(ds.getStatus(), false, Reason.Preprocessing,
                "preprocessing 2 object(s), " + Sizes.human(bytes) + ": 0/2 tasks done (Job " + name + ")");
        assertThat(c.getScheduleDelay()).contains(POLL.toMillis());
        assertThat(s3.store().readIfExists(ObjectLocation.parse(ds.getStatus().plan.mapPlan))).isPresent();
        assertThat(events("ds", Reason.JobCreated)).singleElement().satisfies(e -> assertThat(e.getMessage())
                .isEqualTo("Job " + name + ": 2 object(s), " + Sizes.human(bytes) + ", 2 task(s) in 1 group(s), parallelism 1"));
    }

    @Test
    void runningJobReportsTheProgressOfItsCompletedIndexes() {
        create(twoObjects(true));
        Job job = planned();
        assertThat(job.getSpec().getCompletions()).isEqualTo(2);
        jobStatus(job, new JobStatusBuilder().withActive(1).withSucceeded(1).withCompletedIndexes("0").build());

        UpdateControl<CloudDataset> c = reconcileDataset("ds");
        CloudDataset ds = getDataset("ds");
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Preprocessing);
        assertThat(ds.getStatus().progress.tasksDone).isEqualTo(1);
        assertThat(ds.getStatus().progress.bytesDone).isEqualTo(a.length);
        assertReady(ds.getStatus(), false, Reason.Preprocessing, "preprocessing 2 object(s), " + Sizes.human(a.length + b.length)
                + ": 1/2 tasks done (Job " + job.getMetadata().getName() + ")");
        assertThat(c.getScheduleDelay()).contains(POLL.toMillis());

        String version = ds.getMetadata().getResourceVersion();
        reconcileDataset("ds");
        assertThat(getDataset("ds").getMetadata().getResourceVersion()).as("an unchanged status is not written").isEqualTo(version);
        assertThat(jobs("ds")).hasSize(1);
    }

    @Test
    void failedJobFailsTheDatasetWithItsPodsLastWordsOnce() {
        create(twoObjects(false));
        Job job = planned();
        String name = job.getMetadata().getName();
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name + "-0-x").withNamespace(ns)
                .addToLabels("batch.kubernetes.io/job-name", name).addToLabels("batch.kubernetes.io/job-completion-index", "0")
                .endMetadata().withNewStatus().withPhase("Failed").addNewContainerStatus().withName("worker").withNewState()
                .withNewTerminated().withExitCode(1).withMessage("reading...\ndataplug: error: boom\n").endTerminated().endState()
                .endContainerStatus().endStatus().build()).create();
        jobStatus(job, new JobStatusBuilder().withActive(0).withFailed(1).withFailedIndexes("0").withConditions(
                new JobConditionBuilder().withType("Failed").withStatus("True").withReason("FailedIndexes")
                        .withMessage("Job has failed indexes").build()).build());

        UpdateControl<CloudDataset> c = reconcileDataset("ds");
        CloudDataset ds = getDataset("ds");
        String message = "Job " + name + ": task group 0 (s3://raw/" + prefix + "a.txt and 1 more) failed after 1 attempt: "
                + "dataplug: error: boom";
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Failed);
        assertReady(ds.getStatus(), false, Reason.PreprocessingFailed, message);
        assertThat(c.getScheduleDelay()).as("waits for the Job to be deleted or the spec to change").isEmpty();
        assertThat(events("ds", Reason.PreprocessingFailed)).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).isEqualTo(message);
        });

        reconcileDataset("ds");
        assertThat(events("ds", Reason.PreprocessingFailed)).hasSize(1);
        assertThat(jobs("ds")).hasSize(1);
    }

    @Test
    void completedJobMakesTheDatasetReadyWithItsAttributesAndInventory() {
        create(twoObjects(false));
        Job job = planned();
        runJob(job);

        UpdateControl<CloudDataset> c = reconcileDataset("ds");
        CloudDataset ds = getDataset("ds");
        long bytes = a.length + b.length;
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Ready);
        assertThat(ds.getStatus().observedGeneration).isEqualTo(1L);
        assertThat(ds.getStatus().attributes).isEqualTo(Map.of("objects", 2L, "bytes", bytes, "lines", 150L));
        assertThat(ds.getStatus().objects).isEqualTo(2);
        assertThat(ds.getStatus().bytes).isEqualTo(bytes);
        assertThat(ds.getStatus().size).isEqualTo(Sizes.human(bytes));
        assertThat(ds.getStatus().progress.summary).isEqualTo("2/2 tasks");
        assertThat(ds.getStatus().revision).matches("[0-9a-f]{16}");
        assertThat(ds.getStatus().inventory).isEqualTo("s3://meta/" + prefix + "dataplug-v1/datasets/" + ns + "/ds/inventory-"
                + ds.getStatus().revision + ".json");
        assertThat(s3.store().readIfExists(ObjectLocation.parse(ds.getStatus().inventory))).isPresent();
        String summary = "2 object(s), " + Sizes.human(bytes) + " indexed: lines=150";
        assertReady(ds.getStatus(), true, Reason.Indexed, summary);
        assertThat(c.getScheduleDelay()).contains(RESCAN.toMillis());
        assertThat(events("ds", Reason.Indexed)).singleElement().satisfies(e -> assertThat(e.getMessage()).isEqualTo(summary));

        String version = ds.getMetadata().getResourceVersion();
        UpdateControl<CloudDataset> again = reconcileDataset("ds");
        assertThat(again.getScheduleDelay()).contains(RESCAN.toMillis());
        assertThat(getDataset("ds").getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(events("ds", Reason.Indexed)).hasSize(1);
    }

    @Test
    void changedObjectIsReindexedAloneAndTheOldJobGoesOnceReady() {
        CloudDataset first = readyDataset(twoObjects(false));
        String oldJob = first.getStatus().plan.mapJob;
        put("b.txt", lines(3, 70));

        reconcileDataset("ds");
        CloudDataset ds = getDataset("ds");
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Preprocessing);
        assertThat(ds.getStatus().plan.mapJob).isNotEqualTo(oldJob);
        assertThat(ds.getStatus().plan.objects).isEqualTo(1);
        assertThat(ds.getStatus().plan.alreadyIndexed).isEqualTo(1);
        assertThat(ds.getStatus().progress.tasksTotal).isEqualTo(1);

        runJob(job(ds.getStatus().plan.mapJob));
        reconcileDataset("ds");
        CloudDataset again = getDataset("ds");
        assertThat(again.getStatus().phase).isEqualTo(Phase.Ready);
        assertThat(again.getStatus().revision).isNotEqualTo(first.getStatus().revision);
        assertThat(again.getStatus().attributes).containsEntry("lines", 170L);
        assertThat(jobs("ds")).extracting(j -> j.getMetadata().getName()).containsExactly(ds.getStatus().plan.mapJob);
    }

    @Test
    void specChangeSupersedesTheRunningJob() {
        create(twoObjects(false));
        Job old = planned();
        CloudDataset edit = getDataset("ds");
        edit.getSpec().preprocessing.maxWorkers = 3;
        client.resources(CloudDataset.class).inNamespace(ns).resource(edit).update();
        assertThat(getDataset("ds").getMetadata().getGeneration()).isEqualTo(2L);

        reconcileDataset("ds");
        CloudDataset ds = getDataset("ds");
        assertThat(job(old.getMetadata().getName())).isNull();
        assertThat(events("ds", Reason.JobSuperseded)).singleElement().satisfies(e -> assertThat(e.getMessage())
                .isEqualTo("spec changed: deleted Job " + old.getMetadata().getName()));
        assertThat(jobs("ds")).singleElement().satisfies(j -> {
            assertThat(j.getMetadata().getName()).isEqualTo(ds.getStatus().plan.mapJob).isNotEqualTo(old.getMetadata().getName());
            assertThat(j.getMetadata().getLabels().get("dataplug.io/spec-hash"))
                    .isNotEqualTo(old.getMetadata().getLabels().get("dataplug.io/spec-hash"));
        });
        assertThat(ds.getStatus().observedGeneration).isEqualTo(2L);
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Preprocessing);
    }

    @Test
    void completedMapJobGetsItsFinalizeJobThenTheDatasetIsReady() {
        put("c.txt", lines(9, 2000));
        CloudDataset spec = dataset("ds", "lines-chunked-test");
        spec.getSpec().preprocessing.chunkSize = new Quantity("16Ki");
        create(spec);
        Job map = planned();
        assertThat(getDataset("ds").getStatus().plan.finalizePlan).endsWith("-finalize.json");
        runJob(map);

        reconcileDataset("ds");
        CloudDataset ds = getDataset("ds");
        String fin = "ds-fin-" + ds.getStatus().plan.hash;
        assertThat(ds.getStatus().plan.finalizeJob).isEqualTo(fin);
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Preprocessing);
        assertThat(ds.getStatus().condition("Ready").orElseThrow().getMessage()).endsWith("done (finalize Job " + fin + ")");
        assertThat(events("ds", Reason.JobCreated)).extracting(e -> e.getMessage()).anySatisfy(m -> assertThat(m)
                .isEqualTo("Job " + fin + ": finalize 1 object(s) in 1 group(s)"));

        runJob(job(fin));
        reconcileDataset("ds");
        assertThat(getDataset("ds").getStatus().phase).isEqualTo(Phase.Ready);
        assertThat(getDataset("ds").getStatus().attributes).containsEntry("lines", 2000L);
    }

    @Test
    void problemsAreClassifiedByType() {
        create(dataset("nofmt", "no-such-format"));
        reconcileDataset("nofmt");
        UpdateControl<CloudDataset> c = reconcileDataset("nofmt");
        CloudDataset nofmt = getDataset("nofmt");
        assertThat(nofmt.getStatus().phase).isEqualTo(Phase.Failed);
        assertThat(nofmt.getStatus().condition("Ready").orElseThrow().getReason()).isEqualTo(Reason.UnknownFormat.name());
        assertThat(c.getScheduleDelay()).isEmpty();

        CloudDataset object = dataset("noobject", "lines-test");
        object.getSpec().source.uri = "s3://raw/" + prefix + "missing.txt";
        create(object);
        reconcileDataset("noobject");
        c = reconcileDataset("noobject");
        assertThat(getDataset("noobject").getStatus().phase).isEqualTo(Phase.Pending);
        assertReady(getDataset("noobject").getStatus(), false, Reason.SourceNotFound,
                "s3://raw/" + prefix + "missing.txt: no such object (for a prefix, end the URI with '/')");
        assertThat(c.getScheduleDelay()).contains(RETRY.toMillis());

        CloudDataset bucket = dataset("nobucket", "lines-test");
        bucket.getSpec().source.uri = "s3://no-such-bucket/data/";
        create(bucket);
        reconcileDataset("nobucket");
        reconcileDataset("nobucket");
        assertReady(getDataset("nobucket").getStatus(), false, Reason.SourceNotFound,
                "s3://no-such-bucket/data/: no such bucket 'no-such-bucket'");
    }

    @Test
    void deletionRemovesTheJobsAndThePlans() {
        create(twoObjects(false));
        planned();
        CloudDataset ds = getDataset("ds");
        ObjectLocation plans = ObjectLocation.parse("s3://meta/" + prefix + "dataplug-v1/plans/" + ns + "/ds/");
        try (var listed = s3.store().list(plans)) {
            assertThat(listed.toList()).isNotEmpty();
        }

        DeleteControl d = datasets.cleanup(ds, Session.direct(client));
        assertThat(d.isRemoveFinalizer()).isTrue();
        assertThat(jobs("ds")).isEmpty();
        try (var listed = s3.store().list(plans)) {
            assertThat(listed.toList()).isEmpty();
        }
        assertThat(s3.store().readIfExists(ObjectLocation.s3("raw", prefix + "a.txt"))).as("the source is only read").isPresent();
    }

    @Test
    void decisionsFollowFromTheJobsAlone() {
        Job running = job("map", "h1", "s1", null);
        Job done = job("map", "h2", "s1", "Complete");
        done.getMetadata().getAnnotations().put("dataplug.io/finalize-plan", "s3://meta/p-finalize.json");
        Job failed = job("map", "h3", "s1", "Failed");
        Job oldSpec = job("map", "h4", "s0", null);

        DatasetJobs jobs = DatasetJobs.of(List.of(oldSpec, running), "ds", "s1");
        assertThat(jobs.superseded()).containsExactly(oldSpec);
        assertThat(DatasetDecision.decide(jobs)).isEqualTo(new DatasetDecision.Track(running, null));
        assertThat(DatasetDecision.decide(DatasetJobs.of(List.of(failed, done), "ds", "s1")))
                .isEqualTo(new DatasetDecision.ReportFailure(failed));
        assertThat(DatasetDecision.decide(DatasetJobs.of(List.of(done), "ds", "s1"))).isEqualTo(new DatasetDecision.StartFinalize(done));
        Job fin = job("finalize", "h2", "s1", null);
        fin.getMetadata().setName("ds-fin-h2");
        assertThat(DatasetDecision.decide(DatasetJobs.of(List.of(done, fin), "ds", "s1"))).isEqualTo(new DatasetDecision.Track(done, fin));
        assertThat(DatasetDecision.decide(DatasetJobs.of(List.of(oldSpec), "ds", "s1"))).isEqualTo(new DatasetDecision.Plan());
    }

    private static Job job(String stage, String planHash, String specHash, String finished) {
        Job j = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder().withNewMetadata()
                .withName("ds-" + (stage.equals("map") ? "map" : "fin") + "-" + planHash)
                .addToLabels("dataplug.io/stage", stage).addToLabels("dataplug.io/plan-hash", planHash)
                .addToLabels("dataplug.io/spec-hash", specHash).withAnnotations(new java.util.HashMap<>()).endMetadata().build();
        if (finished != null) {
            j.setStatus(new JobStatusBuilder().withConditions(new JobConditionBuilder().withType(finished).withStatus("True").build()).build());
        }
        return j;
    }
}
