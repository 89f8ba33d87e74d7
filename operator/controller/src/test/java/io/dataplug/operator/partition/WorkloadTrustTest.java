package io.dataplug.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.model.DataplugStatus;
import io.dataplug.operator.model.OutputSpec;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.model.WorkloadSpec;
import io.dataplug.operator.support.AllowList;
import io.dataplug.operator.support.Labels;
import io.dataplug.operator.testing.ReconcileTestSupport;
import io.dataplug.operator.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whoever may write a Partitioning runs pods through the operator: its workload template's service account must be on
 * {@code DATAPLUG_WORKLOAD_SERVICE_ACCOUNTS} (default: the namespace's {@code default}) and its images on
 * {@code DATAPLUG_WORKLOAD_IMAGES} (default: any). A refusal is the WorkloadComplete condition with its reason, one
 * Warning Event and no Job, while the slices stay published. A bucket output URI with keys in it is an invalid spec.
 */
class WorkloadTrustTest extends ReconcileTestSupport {

    @BeforeEach
    void readyDatasetOfTwoObjects() {
        put("a.txt", lines(1, 100));
        put("b.txt", lines(2, 50));
        readyDataset(dataset("ds", "lines-test"));
    }

    private void createWorkload(UnaryOperator<PodSpecBuilder> pod) {
        WorkloadSpec w = new WorkloadSpec();
        w.template = new PodTemplateSpecBuilder().withSpec(pod.apply(new PodSpecBuilder()
                .addNewContainer().withName("count").withImage("docker.io/team/analysis:1").endContainer()).build()).build();
        Partitioning p = TestResources.partitioning(ns, "pt", "ds", "chunks", Map.of("count", "2"));
        p.getSpec().workload = w;
        create(p);
    }

    private List<Job> workloadJobs() {
        return client.batch().v1().jobs().inNamespace(ns).withLabel(Labels.COMPONENT, WorkloadJobs.COMPONENT).list().getItems();
    }

    private Condition workloadCondition() {
        return getPartitioning("pt").getStatus().condition(DataplugStatus.WORKLOAD_COMPLETE).orElseThrow();
    }

    /** Refused with this reason and message: the slices are still published, one Warning Event, no Job. */
    private void refusedOnce(Reason reason, String message) {
        reconcilePartitioning("pt");
        reconcilePartitioning("pt");
        Partitioning p = getPartitioning("pt");
        assertReady(p.getStatus(), true, Reason.Published, p.getStatus().condition(DataplugStatus.READY).orElseThrow().getMessage());
        assertThat(p.getStatus().slices).isEqualTo(2);
        Condition c = workloadCondition();
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo(reason.name());
        assertThat(c.getMessage()).isEqualTo(message);
        assertThat(events("pt", reason)).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).isEqualTo(message);
        });
        assertThat(events("pt", Reason.JobCreated)).isEmpty();
        assertThat(workloadJobs()).isEmpty();
    }

    @Test
    void anyImageRunsUnderTheNamespacesDefaultServiceAccount() {
        createWorkload(pod -> pod);
        reconcilePartitioning("pt");
        assertThat(workloadCondition().getReason()).isEqualTo(Reason.WorkloadRunning.name());
        Job job = workloadJobs().get(0);
        assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isNull();
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("docker.io/team/analysis:1");
    }

    @Test
    void anotherServiceAccountIsRefusedEvenWhenPreprocessingMayUseIt() {
        config.allowedServiceAccounts(AllowList.ANY); // the preprocessing list is not the workloads'
        createWorkload(pod -> pod.withServiceAccountName("cluster-admin-bot"));
        refusedOnce(Reason.ServiceAccountNotAllowed, "spec.workload.template.spec.serviceAccountName 'cluster-admin-bot' is not on "
                + "the operator's allow-list of service accounts (default); ask the operator's administrator to add '" + ns
                + "/cluster-admin-bot' to DATAPLUG_WORKLOAD_SERVICE_ACCOUNTS");
    }

    @Test
    void theDeprecatedServiceAccountFieldIsCheckedToo() {
        createWorkload(pod -> pod.withServiceAccount("cluster-admin-bot"));
        refusedOnce(Reason.ServiceAccountNotAllowed, "spec.workload.template.spec.serviceAccount 'cluster-admin-bot' is not on "
                + "the operator's allow-list of service accounts (default); ask the operator's administrator to add '" + ns
                + "/cluster-admin-bot' to DATAPLUG_WORKLOAD_SERVICE_ACCOUNTS");
    }

    @Test
    void anAllowListedServiceAccountIsWhatThePodsGet() {
        config.workloadServiceAccounts(AllowList.of("default", ns + "/analysis"));
        createWorkload(pod -> pod.withServiceAccountName("analysis"));
        reconcilePartitioning("pt");
        assertThat(workloadJobs()).singleElement().satisfies(j ->
                assertThat(j.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("analysis"));
    }

    @Test
    void withAnImageListEveryContainerMustBeOnIt() {
        config.workloadImages(AllowList.of("docker.io/team/*"));
        createWorkload(pod -> pod.addNewInitContainer().withName("fetch").withImage("docker.io/teams-evil/fetch:1").endInitContainer());
        refusedOnce(Reason.ImageNotAllowed, "spec.workload.template.spec.initContainers[0].image 'docker.io/teams-evil/fetch:1' is "
                + "not on the operator's allow-list of workload images (docker.io/team/*); ask the operator's administrator to add "
                + "it to DATAPLUG_WORKLOAD_IMAGES");

        // Fixed by the tenant: the next reconciliation creates the Job.
        Partitioning p = getPartitioning("pt");
        p.getSpec().workload.template.getSpec().getInitContainers().get(0).setImage("docker.io/team/fetch:1");
        client.resource(p).update();
        reconcilePartitioning("pt");
        assertThat(workloadJobs()).hasSize(1);
        assertThat(workloadCondition().getReason()).isEqualTo(Reason.WorkloadRunning.name());
    }

    @Test
    void theSettingsAreReadFromTheEnvironment() {
        OperatorConfig defaults = OperatorConfig.fromEnv(Map.of());
        assertThat(defaults.workloadImages().allows("anything:1")).isTrue();
        assertThat(defaults.workloadServiceAccounts()).isEqualTo(AllowList.of("default"));
        OperatorConfig set = OperatorConfig.fromEnv(Map.of("DATAPLUG_WORKLOAD_IMAGES", "registry.example/team/*",
                "DATAPLUG_WORKLOAD_SERVICE_ACCOUNTS", "default, team-a/analysis"));
        assertThat(set.workloadImages().allows("registry.example/team/app:1")).isTrue();
        assertThat(set.workloadImages().allows("registry.example/other:1")).isFalse();
        assertThat(set.workloadServiceAccounts()).isEqualTo(AllowList.of("default", "team-a/analysis"));
    }

    @Test
    void aBucketOutputUriWithKeysIsAnInvalidSpecThatNeverRepeatsThem() {
        Partitioning p = TestResources.partitioning(ns, "pt", "ds", "chunks", Map.of("count", "2"));
        p.getSpec().output = new OutputSpec();
        p.getSpec().output.type = OutputSpec.Type.Bucket;
        p.getSpec().output.uri = "s3://AKIAEXAMPLEKEY:wJalr/XUtnFEMI@meta/" + prefix + "pt.jsonl";
        create(p);
        reconcilePartitioning("pt");
        reconcilePartitioning("pt");

        String message = "Partitioning spec.output.uri carries credentials: never put keys in a URI; the "
                + "manifest is written with the dataset's metadata store credentials, given through a Kubernetes Secret "
                + "(CloudDataset spec.metadata.credentialsSecret)";
        Partitioning got = getPartitioning("pt");
        assertThat(got.getStatus().phase).isEqualTo(Phase.Failed);
        assertReady(got.getStatus(), false, Reason.InvalidSpec, message);
        assertThat(events("pt", Reason.InvalidSpec)).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).isEqualTo(message);
        });
        assertThat(events("pt")).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("AKIAEXAMPLEKEY", "wJalr"));
        assertThat(got.getStatus().manifest).isNull();
        assertThat(store().readIfExists(ObjectLocation.s3("meta", prefix + "pt.jsonl"))).isEmpty();
    }
}
