package io.dataplug.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.testing.ReconcileTestSupport;
import io.dataplug.operator.testing.TestResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RBAC lets the operator write any ConfigMap or Job of a namespace it watches; it touches only those it labels and
 * owns. Another object with the name it wants is left alone and reported ({@code NameConflict}, retried).
 */
class OwnershipTest extends ReconcileTestSupport {

    private void readyDatasetAndPartitioning() {
        put("a.txt", lines(1, 200));
        readyDataset(dataset("ds", "lines-test"));
        create(TestResources.partitioning(ns, "pt", "ds", "chunks", Map.of("count", "2")));
    }

    private ConfigMap foreignConfigMap(String name, Map<String, String> labels) {
        return client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().addToData("settings.conf", "mine").build()).create();
    }

    @Test
    void aForeignConfigMapWithTheManifestsNameIsLeftAlone() {
        readyDatasetAndPartitioning();
        foreignConfigMap("pt-slices", Map.of());
        reconcilePartitioning("pt");

        Partitioning p = getPartitioning("pt");
        String message = "ConfigMap " + ns + "/pt-slices exists and is not this Partitioning's (no app.kubernetes.io/managed-by="
                + "dataplug-operator label and owner reference to it); the operator leaves it alone: rename the Partitioning or "
                + "remove that ConfigMap";
        assertThat(p.getStatus().phase).isEqualTo(Phase.Pending);
        assertReady(p.getStatus(), false, Reason.NameConflict, message);
        assertThat(events("pt", Reason.NameConflict)).singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
        assertThat(client.configMaps().inNamespace(ns).withName("pt-slices").get().getData()).isEqualTo(Map.of("settings.conf", "mine"));

        client.configMaps().inNamespace(ns).withName("pt-slices").delete();
        reconcilePartitioning("pt");
        assertThat(getPartitioning("pt").getStatus().phase).isEqualTo(Phase.Ready);
    }

    @Test
    void aConfigMapWithOurLabelsButAnotherOwnerIsNeitherUpdatedNorDeleted() {
        readyDatasetAndPartitioning();
        // Labels are not proof: anyone who may create ConfigMaps can copy them.
        foreignConfigMap("pt-slices-5", Map.of("app.kubernetes.io/managed-by", "dataplug-operator", "dataplug.io/partitioning", "pt"));
        reconcilePartitioning("pt");
        assertThat(getPartitioning("pt").getStatus().phase).isEqualTo(Phase.Ready);
        assertThat(client.configMaps().inNamespace(ns).withName("pt-slices-5").get().getData()).isEqualTo(Map.of("settings.conf", "mine"));

        partitionings.cleanup(getPartitioning("pt"), io.dataplug.operator.support.Session.direct(client));
        assertThat(client.configMaps().inNamespace(ns).withName("pt-slices").get()).isNull();
        assertThat(client.configMaps().inNamespace(ns).withName("pt-slices-5").get()).isNotNull();
    }

    @Test
    void aForeignJobWithTheMapJobsNameIsLeftAlone() {
        put("a.txt", lines(1, 200));
        create(dataset("ds", "lines-test"));
        reconcileDataset("ds");
        reconcileDataset("ds");
        String name = jobs("ds").get(0).getMetadata().getName();
        client.batch().v1().jobs().inNamespace(ns).withName(name).delete();
        Job foreign = client.batch().v1().jobs().inNamespace(ns).resource(new JobBuilder().withNewMetadata().withName(name)
                .addToLabels("dataplug.io/dataset", "ds").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("c").withImage("busybox").endContainer().withRestartPolicy("Never").endSpec()
                .endTemplate().endSpec().build()).create();

        reconcileDataset("ds");
        assertReady(getDataset("ds").getStatus(), false, Reason.NameConflict, "Job " + ns + "/" + name + " exists and is not this "
                + "CloudDataset's (no app.kubernetes.io/managed-by=dataplug-operator label and owner reference to it); the operator "
                + "leaves it alone: remove it, or rename the CloudDataset");
        Job after = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
        assertThat(after.getMetadata().getUid()).isEqualTo(foreign.getMetadata().getUid());
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("busybox");
    }
}
