package io.dataplug.operator.dataset;

import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.support.Labels;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the preprocessing Indexed Jobs: pod {@code i} runs {@code dataplug task run --plan <uri>} on task group
 * {@code i} ({@code JOB_COMPLETION_INDEX}). Restricted pod security, the environment of {@link WorkerEnv}, per-index
 * retries, a usage error (exit code 2) fails its index at once, and a deadline ({@code activeDeadlineSeconds}) after
 * which the Job controller fails the Job, whatever its pods are waiting for.
 */
public final class PreprocessJobs {

    public static final String CONTAINER = "worker";
    public static final int WORKER_UID = 10001;

    private PreprocessJobs() {
    }

    /** Annotations a map Job carries, so that an operator restarted mid-run can report progress from the Job alone. */
    public static Map<String, String> planAnnotations(PreprocessingPlan plan, String mapPlanUri, String finalizePlanUri) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Labels.ANN_PLAN, mapPlanUri);
        if (finalizePlanUri != null) {
            annotations.put(Labels.ANN_FINALIZE_PLAN, finalizePlanUri);
        }
        annotations.put(Labels.ANN_TASKS, Integer.toString(plan.mapTasks()));
        annotations.put(Labels.ANN_FINALIZE_TASKS, Integer.toString(plan.finalizeTasks()));
        annotations.put(Labels.ANN_BYTES, Long.toString(plan.bytes()));
        annotations.put(Labels.ANN_OBJECTS, Integer.toString(plan.objects()));
        annotations.put(Labels.ANN_ALREADY_INDEXED, Integer.toString(plan.alreadyIndexed()));
        return annotations;
    }

    /**
     * @param planUri the task plan this Job's pods run (map or finalize)
     */
    public static Job build(CloudDataset ds, ResolvedDataset r, OperatorConfig config, String stage, String hash, String planUri,
                            int completions, int parallelism, Map<String, String> annotations) {
        String name = Labels.jobName(r.name(), stage, hash);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED_BY, Labels.MANAGER);
        labels.put(Labels.NAME, "dataplug-worker");
        labels.put(Labels.COMPONENT, "preprocess-" + stage);
        labels.put(Labels.DATASET, Labels.labelValue(r.name()));
        labels.put(Labels.STAGE, stage);
        labels.put(Labels.SPEC_HASH, r.specHash());
        labels.put(Labels.PLAN_HASH, hash);

        List<String> args = new ArrayList<>(List.of("task", "run", "--plan", planUri));
        if (r.metadataStorage().endpoint() != null) {
            args.add("--endpoint");
            args.add(r.metadataStorage().endpoint());
        }
        if (r.metadataStorage().region() != null) {
            args.add("--region");
            args.add(r.metadataStorage().region());
        }
        if (r.metadataStorage().pathStyle()) {
            args.add("--path-style");
        }

        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("HOME", "/tmp", null));
        env.addAll(WorkerEnv.forDataset(r));

        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion(CloudDataset.API_VERSION).withKind("CloudDataset")
                .withName(ds.getMetadata().getName()).withUid(ds.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();

        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(r.namespace()).withLabels(labels).withAnnotations(annotations)
                .withOwnerReferences(owner).endMetadata()
                .withNewSpec()
                .withCompletionMode("Indexed").withCompletions(completions).withParallelism(parallelism)
                .withActiveDeadlineSeconds(config.jobDeadline().toSeconds())
                .withBackoffLimitPerIndex(r.retries())
                .withNewPodFailurePolicy()
                .withRules(new PodFailurePolicyRuleBuilder().withAction("FailIndex")
                                .withNewOnExitCodes().withContainerName(CONTAINER).withOperator("In").withValues(2).endOnExitCodes().build(),
                        new PodFailurePolicyRuleBuilder().withAction("Ignore")
                                .addNewOnPodCondition().withType("DisruptionTarget").withStatus("True").endOnPodCondition().build())
                .endPodFailurePolicy()
                .withNewTemplate()
                .withNewMetadata().withLabels(Map.of(Labels.MANAGED_BY, Labels.MANAGER, Labels.NAME, "dataplug-worker",
                        Labels.COMPONENT, "preprocess-" + stage, Labels.DATASET, Labels.labelValue(r.name()))).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName(r.serviceAccountName())
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser((long) WORKER_UID).withRunAsGroup((long) WORKER_UID).withFsGroup((long) WORKER_UID)
                .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
                .endSecurityContext()
                .addNewContainer()
                .withName(CONTAINER).withImage(r.image()).withImagePullPolicy(config.imagePullPolicy())
                .withArgs(args).withEnv(env)
                .withResources(resources(r.resources()))
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true).withRunAsNonRoot(true)
                .withCapabilities(new CapabilitiesBuilder().withDrop("ALL").build())
                .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
                .endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("1Gi")).endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static ResourceRequirements resources(ResourceRequirements given) {
        if (given != null) {
            return given;
        }
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("500m")).addToRequests("memory", new Quantity("512Mi"))
                .addToLimits("memory", new Quantity("1Gi"))
                .build();
    }
}
