package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

public class DatasetRef {

    @Required
    @JsonPropertyDescription("CloudDataset name.")
    public String name;

    public DatasetRef() {
    }

    public DatasetRef(String name) {
        this.name = name;
    }
}
