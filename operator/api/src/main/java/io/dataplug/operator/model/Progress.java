package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Progress {

    @JsonPropertyDescription("Tasks finished (map and finalize).")
    public Long tasksDone;

    @JsonPropertyDescription("Tasks planned (map and finalize).")
    public Long tasksTotal;

    @JsonPropertyDescription("Source bytes processed by finished tasks.")
    public Long bytesDone;

    @JsonPropertyDescription("Source bytes to process.")
    public Long bytesTotal;

    @JsonPropertyDescription("Human readable, e.g. '3/10 tasks'.")
    public String summary;

    public Progress() {
    }

    public Progress(long tasksDone, long tasksTotal, long bytesDone, long bytesTotal) {
        this.tasksDone = tasksDone;
        this.tasksTotal = tasksTotal;
        this.bytesDone = bytesDone;
        this.bytesTotal = bytesTotal;
        this.summary = tasksDone + "/" + tasksTotal + " tasks";
    }
}
