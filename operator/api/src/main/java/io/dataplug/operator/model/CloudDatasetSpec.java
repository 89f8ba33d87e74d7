package io.dataplug.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.LinkedHashMap;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CloudDatasetSpec {

    @Required
    @JsonPropertyDescription("Data format, as the worker's `dataplug formats` lists it (e.g. csv, text, fasta).")
    public String format;

    @JsonPropertyDescription("Format options (e.g. separator for csv). Unknown options are refused.")
    public Map<String, String> formatOptions = new LinkedHashMap<>();

    @Required
    @JsonPropertyDescription("The raw objects: one object or every object under a prefix. They are only ever read.")
    public SourceSpec source;

    @JsonPropertyDescription("Where indexes and task plans are written. Defaults to the operator's configured metadata location.")
    public MetadataSpec metadata;

    @JsonPropertyDescription("How the preprocessing Jobs are sized and run.")
    public PreprocessingSpec preprocessing;
}
