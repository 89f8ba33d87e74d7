package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The workload's progress, from its Job's status (the WorkloadComplete condition sums it up). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkloadStatus {

    @JsonPropertyDescription("The workload's Indexed Job.")
    public String job;

    @JsonPropertyDescription("Slices the Job runs (its completions).")
    public Integer slices;

    @JsonPropertyDescription("Slices done.")
    public Integer succeeded;

    @JsonPropertyDescription("Slices failed for good (after their retries).")
    public Integer failed;

    @JsonPropertyDescription("Pods running.")
    public Integer active;

    @JsonPropertyDescription("The failed slices with their pod's last message (the first 20).")
    public List<SliceFailure> failures = new ArrayList<>();

    @JsonPropertyDescription("Keep policy: the slices changed and will be published once this Job has finished.")
    public Boolean repartitionPending;

    /** One failed slice. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SliceFailure {
        @JsonPropertyDescription("The slice index.")
        public Integer slice;

        @JsonPropertyDescription("The failing pod's last message.")
        public String message;

        public SliceFailure() {
        }

        public SliceFailure(int slice, String message) {
            this.slice = slice;
            this.message = message;
        }
    }
}
