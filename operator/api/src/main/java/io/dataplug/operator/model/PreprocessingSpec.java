package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PreprocessingSpec {

    @JsonPropertyDescription("Chunk size for formats indexed in chunks (map tasks + finalize), e.g. 64Mi. Default 64Mi.")
    public Quantity chunkSize;

    @JsonPropertyDescription("Source bytes one worker pod should process: sets the Job's parallelism and how many small objects share a pod. Default 1Gi.")
    public Quantity bytesPerWorker;

    @Min(1)
    @JsonPropertyDescription("Upper bound of the Job's parallelism. Default 16.")
    public Integer maxWorkers;

    @Min(1)
    @JsonPropertyDescription("Upper bound of the tasks one pod runs (many small objects are grouped). Default 1000.")
    public Integer maxTasksPerGroup;

    @Min(0)
    @JsonPropertyDescription("Retries per task group (the Job's backoffLimitPerIndex). Default 2.")
    public Integer retries;

    @JsonPropertyDescription("Worker container resources. Default: requests 500m CPU / 512Mi, limit 1Gi memory.")
    public ResourceRequirements resources;

    @JsonPropertyDescription("Worker image override (default: the operator's configured worker image). Refused (ImageNotAllowed) unless on the operator's allow-list, DATAPLUG_ALLOWED_IMAGES.")
    public String image;

    @JsonPropertyDescription("Service account of the worker pods, e.g. one bound to a cloud identity (default: the namespace's default). Refused (ServiceAccountNotAllowed) unless on the operator's allow-list, DATAPLUG_ALLOWED_SERVICE_ACCOUNTS.")
    public String serviceAccountName;
}
