package io.dataplug.operator.partition;

import io.dataplug.core.reader.PodEnvironment;
import io.dataplug.core.util.Hashing;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.ManifestStatus;
import io.dataplug.operator.model.MetadataSpec;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.WorkloadSpec;
import io.dataplug.operator.support.Labels;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a Partitioning's workload: an Indexed Job owned by the Partitioning, one completion per slice, from
 * {@code spec.workload.template}. Every container gets the manifest (one projected volume over all ConfigMap shards
 * at {@value PodEnvironment#MOUNT}, or {@code DATAPLUG_MANIFEST} = the bucket manifest) and
 * {@code DATAPLUG_SLICE_COUNT} and {@code DATAPLUG_ALLOWED_ROOTS} (unless the template sets it); the restricted pod security settings fill in what the template leaves unset.
 */
public final class WorkloadJobs {

    public static final String COMPONENT = "workload";
    public static final String VOLUME = "dataplug-slices";
    public static final int DEFAULT_BACKOFF_LIMIT_PER_INDEX = 1;
    private static final long DEFAULT_UID = 10001;

    private WorkloadJobs() {
    }

    /**
     * The slices a Job runs: its name and label are derived from them, so new slices mean a new Job.
     *
     * @param allowedRoots the dataset's source folder and metadata root, given to the pods as
     *                     {@code DATAPLUG_ALLOWED_ROOTS}: a trust anchor outside the manifest (docs/slices.md)
     */
    public record Run(int slices, ManifestStatus manifest, String datasetRevision, Long generation, List<String> allowedRoots) {

        public String hash() {
            String where = manifest.uri != null ? manifest.uri : String.join(",", manifest.configMaps);
            return Hashing.sha256Hex(slices + "|" + where + "|" + datasetRevision + "|" + generation).substring(0, 10);
        }
    }

    /**
     * Where the dataset's slices may read: its source prefix (or the folder of its one object, whose siblings some
     * formats read) and its metadata root; empty when the spec names neither.
     */
    public static List<String> allowedRoots(CloudDataset ds, OperatorConfig config) {
        if (ds == null || ds.getSpec() == null || ds.getSpec().source == null || ds.getSpec().source.uri == null) {
            return List.of();
        }
        String src = ds.getSpec().source.uri;
        MetadataSpec meta = ds.getSpec().metadata != null && ds.getSpec().metadata.uri != null ? ds.getSpec().metadata
                : config.defaultMetadata();
        if (meta == null || meta.uri == null) {
            return List.of();
        }
        return List.of(src.endsWith("/") ? src : src.substring(0, src.lastIndexOf('/') + 1),
                meta.uri.endsWith("/") ? meta.uri : meta.uri + "/");
    }

    /** {@code <partitioning>-run-<hash>}: at most 63 characters, as the pods' job-name label requires. */
    public static String jobName(String partitioning, String hash) {
        String suffix = "-run-" + hash;
        String base = partitioning.length() <= 63 - suffix.length() ? partitioning : partitioning.substring(0, 63 - suffix.length());
        return base.replaceAll("[-.]+$", "") + suffix;
    }

    public static Job build(Partitioning p, WorkloadSpec w, Run run) {
        String name = jobName(p.getMetadata().getName(), run.hash());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED_BY, Labels.MANAGER);
        labels.put(Labels.COMPONENT, COMPONENT);
        labels.put(Labels.PARTITIONING, Labels.labelValue(p.getMetadata().getName()));
        labels.put(Labels.SPEC_HASH, run.hash());
        PodTemplateSpec template = pod(w.template, run, labels);
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(p.getMetadata().getNamespace()).withLabels(labels)
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion(p.getApiVersion()).withKind(p.getKind())
                        .withName(p.getMetadata().getName()).withUid(p.getMetadata().getUid()).withController(true)
                        .withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec()
                .withCompletionMode("Indexed").withCompletions(run.slices())
                .withParallelism(w.parallelism != null ? w.parallelism : run.slices())
                .withBackoffLimitPerIndex(w.backoffLimitPerIndex != null ? w.backoffLimitPerIndex : DEFAULT_BACKOFF_LIMIT_PER_INDEX)
                .withMaxFailedIndexes(w.maxFailedIndexes)
                // A node drained under a pod is not the slice's fault.
                .withNewPodFailurePolicy()
                .withRules(new PodFailurePolicyRuleBuilder().withAction("Ignore")
                        .addNewOnPodCondition().withType("DisruptionTarget").withStatus("True").endOnPodCondition().build())
                .endPodFailurePolicy()
                .withTemplate(template)
                .endSpec()
                .build();
    }

    private static PodTemplateSpec pod(PodTemplateSpec given, Run run, Map<String, String> jobLabels) {
        PodTemplateSpec t = given != null ? new PodTemplateSpecBuilder(given).build() : new PodTemplateSpec();
        if (t.getMetadata() == null) {
            t.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        Map<String, String> labels = new LinkedHashMap<>(t.getMetadata().getLabels() == null ? Map.of() : t.getMetadata().getLabels());
        labels.putAll(jobLabels);
        t.getMetadata().setLabels(labels);
        PodSpec spec = t.getSpec() != null ? t.getSpec() : new PodSpec();
        t.setSpec(spec);
        if (spec.getRestartPolicy() == null || "Always".equals(spec.getRestartPolicy())) {
            spec.setRestartPolicy("Never"); // a Job's pods may not restart Always
        }
        if (spec.getSecurityContext() == null) {
            spec.setSecurityContext(new PodSecurityContextBuilder().withRunAsNonRoot(true).withRunAsUser(DEFAULT_UID)
                    .withRunAsGroup(DEFAULT_UID).withFsGroup(DEFAULT_UID)
                    .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build()).build());
        }
        boolean configMaps = run.manifest().uri == null;
        List<Volume> volumes = new ArrayList<>(spec.getVolumes() == null ? List.of() : spec.getVolumes());
        volumes.removeIf(v -> VOLUME.equals(v.getName()));
        if (configMaps) {
            volumes.add(slicesVolume(run.manifest().configMaps));
        }
        spec.setVolumes(volumes);
        for (Container c : spec.getContainers() == null ? List.<Container>of() : spec.getContainers()) {
            wire(c, run, configMaps);
        }
        return t;
    }

    /** One projected volume over every shard: their keys are unique, so the pod sees one folder of slices. */
    static Volume slicesVolume(List<String> configMaps) {
        List<VolumeProjection> sources = configMaps.stream().map(n -> new VolumeProjectionBuilder().withNewConfigMap()
                .withName(n).endConfigMap().build()).toList();
        return new VolumeBuilder().withName(VOLUME).withNewProjected().withSources(sources).endProjected().build();
    }

    private static void wire(Container c, Run run, boolean configMaps) {
        List<EnvVar> env = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
        env.removeIf(e -> PodEnvironment.SLICE_COUNT.equals(e.getName()) || PodEnvironment.MANIFEST.equals(e.getName()));
        env.add(new EnvVar(PodEnvironment.SLICE_COUNT, Integer.toString(run.slices()), null));
        if (!run.allowedRoots().isEmpty() && env.stream().noneMatch(e -> PodEnvironment.ALLOWED_ROOTS.equals(e.getName()))) {
            env.add(new EnvVar(PodEnvironment.ALLOWED_ROOTS, String.join(",", run.allowedRoots()), null));
        }
        if (configMaps) {
            var mounts = new ArrayList<>(c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts());
            mounts.removeIf(m -> VOLUME.equals(m.getName()) || PodEnvironment.MOUNT.equals(m.getMountPath()));
            mounts.add(new VolumeMountBuilder().withName(VOLUME).withMountPath(PodEnvironment.MOUNT).withReadOnly(true).build());
            c.setVolumeMounts(mounts);
        } else {
            env.add(new EnvVar(PodEnvironment.MANIFEST, run.manifest().uri, null));
        }
        c.setEnv(env);
        if (c.getTerminationMessagePolicy() == null) {
            c.setTerminationMessagePolicy("FallbackToLogsOnError"); // the failing slice's message reaches the status
        }
        if (c.getSecurityContext() == null) {
            c.setSecurityContext(new SecurityContextBuilder().withAllowPrivilegeEscalation(false).withRunAsNonRoot(true)
                    .withCapabilities(new CapabilitiesBuilder().withDrop("ALL").build())
                    .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build()).build());
        }
    }
}
