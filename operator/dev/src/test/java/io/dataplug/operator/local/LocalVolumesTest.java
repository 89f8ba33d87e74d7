package io.dataplug.operator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.reader.PodEnvironment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the local runner stands in for the kubelet's mounts and $(VAR) expansion. */
class LocalVolumesTest {

    @TempDir
    Path host;

    @Test
    void mountPathsAreRewrittenOnceAndVariablesExpandedAsTheKubeletDoes() {
        List<Volume> volumes = List.of(
                new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("slices").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("out").withNewHostPath().withPath(host.toString()).endHostPath().build());
        Container c = new ContainerBuilder().withName("c")
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .addNewVolumeMount().withName("slices").withMountPath(PodEnvironment.MOUNT).endVolumeMount()
                .addNewVolumeMount().withName("out").withMountPath("/out").endVolumeMount()
                .build();
        Path tmp;
        Path slices;
        try (LocalVolumes v = LocalVolumes.mount(null, "ns", volumes, c)) {
            tmp = v.mounts().get("/tmp");
            slices = v.mounts().get(PodEnvironment.MOUNT);
            assertThat(v.mounts().get("/out")).isEqualTo(host);
            assertThat(tmp).isDirectory();
            // A local folder under the host's /tmp is not rewritten a second time by the pod's /tmp mount.
            assertThat(v.argv(List.of("cat " + PodEnvironment.MOUNT + "/slice-$(I).json > /tmp/x; cp /tmp /out/$(I)",
                    "s3://bucket/tmp/key", "/tmpfile", "$$(I)", "$(UNSET)"), Map.of("I", "3")))
                    .containsExactly("cat " + slices + "/slice-3.json > " + tmp + "/x; cp " + tmp + " " + host + "/3",
                            "s3://bucket/tmp/key", "/tmpfile", "$(I)", "$(UNSET)");
            Map<String, String> env = v.env(Map.of("HOME", "/tmp", "JOB_COMPLETION_INDEX", "3"));
            assertThat(env).containsEntry("HOME", tmp.toString()).containsEntry(PodEnvironment.MANIFEST, slices.toString());
        }
        assertThat(tmp).doesNotExist();
        assertThat(slices).doesNotExist();
        assertThat(host).exists();
    }

    @Test
    void volumesThatCannotRunLocallyAreAConfigError() {
        Container c = new ContainerBuilder().withName("c")
                .addNewVolumeMount().withName("nfs").withMountPath("/data").endVolumeMount().build();
        assertThatThrownBy(() -> LocalVolumes.mount(null, "ns",
                List.of(new VolumeBuilder().withName("nfs").withNewNfs().withServer("s").withPath("/").endNfs().build()), c))
                .isInstanceOf(LocalPods.ConfigError.class).hasMessageContaining("only configMap, secret, projected");
        assertThatThrownBy(() -> LocalVolumes.mount(null, "ns", List.of(), c))
                .isInstanceOf(LocalPods.ConfigError.class).hasMessage("volume nfs not found");
        assertThat(Files.exists(host)).isTrue();
    }
}
