package io.dataplug.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.AllowList;
import io.dataplug.operator.testing.ReconcileTestSupport;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a tenant may choose for the pods the operator runs, and whose credentials the operator uses: allow-listed
 * images and service accounts, no lending of the operator's own cloud identity without an opt-in, Secrets read only
 * where the namespace granted them. A refusal is a condition with its reason, one Warning Event, and no Job.
 */
class WorkerTrustTest extends ReconcileTestSupport {

    private CloudDataset twoObjects() {
        put("a.txt", lines(1, 100));
        put("b.txt", lines(2, 50));
        return dataset("ds", "lines-test");
    }

    /** First sight, then the reconciliation that resolves the spec. */
    private UpdateControl<CloudDataset> reconcileTwice() {
        reconcileDataset("ds");
        return reconcileDataset("ds");
    }

    private void refusedOnce(Reason reason, Phase phase, String message) {
        CloudDataset ds = getDataset("ds");
        assertThat(ds.getStatus().phase).isEqualTo(phase);
        assertReady(ds.getStatus(), false, reason, message);
        reconcileDataset("ds");
        assertThat(events("ds", reason)).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).isEqualTo(message);
        });
        assertThat(jobs("ds")).isEmpty();
    }

    private PodSpec podOfTheMapJob() {
        return jobs("ds").get(0).getSpec().getTemplate().getSpec();
    }

    @Test
    void imageOffTheAllowListIsRefusedWithoutAJob() {
        CloudDataset ds = twoObjects();
        ds.getSpec().preprocessing.image = "docker.io/someone/miner:latest";
        create(ds);
        reconcileTwice();
        refusedOnce(Reason.ImageNotAllowed, Phase.Failed, "spec.preprocessing.image 'docker.io/someone/miner:latest' is not on "
                + "the operator's allow-list of worker images (dataplug-worker:test); leave it out to use dataplug-worker:test, "
                + "or ask the operator's administrator to add it to DATAPLUG_ALLOWED_IMAGES");
    }

    @Test
    void allowListedImageAndServiceAccountAreWhatThePodsGet() {
        config.allowedImages(AllowList.of("registry.example/dataplug-worker:*"))
                .allowedServiceAccounts(AllowList.of("default", ns + "/indexer"));
        CloudDataset ds = twoObjects();
        ds.getSpec().preprocessing.image = "registry.example/dataplug-worker:2.0";
        ds.getSpec().preprocessing.serviceAccountName = "indexer";
        create(ds);
        reconcileTwice();
        assertThat(getDataset("ds").getStatus().phase).isEqualTo(Phase.Preprocessing);
        assertThat(podOfTheMapJob().getContainers().get(0).getImage()).isEqualTo("registry.example/dataplug-worker:2.0");
        assertThat(podOfTheMapJob().getServiceAccountName()).isEqualTo("indexer");
    }

    @Test
    void aPrefixPatternDoesNotAdmitALookalikeImage() {
        config.allowedImages(AllowList.of("registry.example/dataplug-worker:*"));
        CloudDataset ds = twoObjects();
        ds.getSpec().preprocessing.image = "registry.example/dataplug-worker-evil:1";
        create(ds);
        reconcileTwice();
        assertThat(getDataset("ds").getStatus().conditions().get(0).getReason()).isEqualTo(Reason.ImageNotAllowed.name());
        assertThat(jobs("ds")).isEmpty();
    }

    @Test
    void serviceAccountOffTheAllowListIsRefused() {
        CloudDataset ds = twoObjects();
        ds.getSpec().preprocessing.serviceAccountName = "cluster-admin-bot";
        create(ds);
        reconcileTwice();
        refusedOnce(Reason.ServiceAccountNotAllowed, Phase.Failed, "spec.preprocessing.serviceAccountName 'cluster-admin-bot' is "
                + "not on the operator's allow-list of service accounts (default); ask the operator's administrator to add '" + ns
                + "/cluster-admin-bot' to DATAPLUG_ALLOWED_SERVICE_ACCOUNTS");
    }

    @Test
    void theDefaultServiceAccountIsAllowedOnlyWhileItIsOnTheList() {
        create(twoObjects());
        reconcileTwice();
        assertThat(podOfTheMapJob().getServiceAccountName()).as("the namespace's default").isNull();

        config.allowedServiceAccounts(AllowList.of(ns + "/indexer"));
        create(dataset("other", "lines-test"));
        reconcileDataset("other");
        reconcileDataset("other");
        assertReady(getDataset("other").getStatus(), false, Reason.ServiceAccountNotAllowed, "spec.preprocessing.serviceAccountName "
                + "is not set, and the namespace's default service account is not on the operator's allow-list of service "
                + "accounts (" + ns + "/indexer); ask the operator's administrator to add '" + ns + "/default' to "
                + "DATAPLUG_ALLOWED_SERVICE_ACCOUNTS");
    }

    @Test
    void aDatasetWithoutSecretDoesNotGetTheOperatorsIdentity() {
        CloudDataset ds = twoObjects();
        ds.getSpec().source.credentialsSecret = null;
        ds.getSpec().metadata.credentialsSecret = null;
        create(ds);
        reconcileTwice();
        refusedOnce(Reason.CredentialsRequired, Phase.Failed, "spec.source names no credentialsSecret and is not anonymous, and "
                + "the operator does not lend its own cloud identity to namespace " + ns + ": name a Secret with the S3 keys "
                + "(worker pods get it too), set anonymous: true for a public bucket, or ask the operator's administrator to "
                + "add " + ns + " to DATAPLUG_OPERATOR_IDENTITY_NAMESPACES");
    }

    @Test
    void anAnonymousSourceWithAnOwnMetadataStoreNeedsItsSecretToo() {
        CloudDataset ds = twoObjects();
        ds.getSpec().source.credentialsSecret = null;
        ds.getSpec().source.anonymous = true;
        ds.getSpec().metadata.credentialsSecret = null;
        create(ds);
        reconcileTwice();
        refusedOnce(Reason.CredentialsRequired, Phase.Failed, "spec.metadata names no credentialsSecret, and the operator does "
                + "not lend its own cloud identity to namespace " + ns + ": name a Secret with the S3 keys (worker pods get it "
                + "too) or ask the operator's administrator to add " + ns + " to DATAPLUG_OPERATOR_IDENTITY_NAMESPACES");
    }

    @Test
    void withTheOptInTheOperatorUsesItsIdentityAndThePodsTheirs() {
        config.operatorIdentityNamespaces(AllowList.of(ns));
        CloudDataset ds = twoObjects();
        ds.getSpec().source.credentialsSecret = null;
        ds.getSpec().metadata.credentialsSecret = null;
        // The operator's own identity here is the AWS chain of this JVM (EmbeddedS3 sets its system properties);
        // the in-process workers, standing in for pods with a cloud identity, use the same chain.
        assertThat(readyDataset(ds).getStatus().attributes).containsEntry("lines", 150L);
        List<EnvVar> env = podOfTheMapJob().getContainers().get(0).getEnv();
        assertThat(env).extracting(EnvVar::getName).as("no keys: the pods use their service account's identity")
                .containsExactly("HOME", WorkerEnv.ALLOWED_ROOTS);
    }

    @Test
    void aSecretTheNamespaceDidNotGrantSaysHowToGrantIt() {
        create(twoObjects());
        reconcileDataset("ds");
        api.gate.fail(q -> q.is("get", "secrets") && ns.equals(q.namespace()), 1, 403);
        UpdateControl<CloudDataset> c = reconcileDataset("ds");
        CloudDataset ds = getDataset("ds");
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Pending);
        assertReady(ds.getStatus(), false, Reason.SecretNotGranted, "the operator may not read Secret " + ns + "/" + SECRET
                + " (spec.source.credentialsSecret): it holds no standing right to read Secrets; grant it this one, e.g. kubectl -n "
                + ns + " create role dataplug-read-" + SECRET + " --verb=get --resource=secrets --resource-name=" + SECRET
                + " && kubectl -n " + ns + " create rolebinding dataplug-read-" + SECRET + " --role=dataplug-read-" + SECRET
                + " --serviceaccount=dataplug-system:dataplug-operator");
        assertThat(c.getScheduleDelay()).as("retried: the grant is made outside the spec").contains(RETRY.toMillis());
        assertThat(jobs("ds")).isEmpty();

        reconcileDataset("ds");
        assertThat(getDataset("ds").getStatus().phase).as("granted meanwhile").isEqualTo(Phase.Preprocessing);
    }

    @Test
    void jobsNameTheSecretsKeysNeverTheirValues() {
        create(twoObjects());
        reconcileTwice();
        Job job = jobs("ds").get(0);
        List<EnvVar> env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env).filteredOn(e -> e.getName().startsWith("AWS_")).hasSize(3)
                .allSatisfy(e -> {
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(SECRET);
                });
        assertThat(client.getKubernetesSerialization().asJson(job)).doesNotContain(EmbeddedS3.SECRET_KEY);
    }
}
