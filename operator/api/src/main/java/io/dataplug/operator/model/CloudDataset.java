package io.dataplug.operator.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Raw objects in a bucket, their format, and where their indexes go. */
@Group(CloudDataset.GROUP)
@Version(CloudDataset.VERSION)
@Kind("CloudDataset")
@Singular("clouddataset")
@Plural("clouddatasets")
@ShortNames({"cds", "cdataset"})
@Categories("dataplug")
@AdditionalPrinterColumn(name = "Format", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.format")
@AdditionalPrinterColumn(name = "Phase", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Objects", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.objects")
@AdditionalPrinterColumn(name = "Size", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.size")
@AdditionalPrinterColumn(name = "Progress", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.progress.summary")
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class CloudDataset extends CustomResource<CloudDatasetSpec, CloudDatasetStatus> implements Namespaced {

    public static final String GROUP = "dataplug.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
}
