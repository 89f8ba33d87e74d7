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

/** Slices of a ready CloudDataset, cut by a strategy, published as a manifest. */
@Group(CloudDataset.GROUP)
@Version(CloudDataset.VERSION)
@Kind("Partitioning")
@Singular("partitioning")
@Plural("partitionings")
@ShortNames({"pt", "ptn"})
@Categories("dataplug")
@AdditionalPrinterColumn(name = "Dataset", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.datasetRef.name")
@AdditionalPrinterColumn(name = "Strategy", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.strategy")
@AdditionalPrinterColumn(name = "Phase", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Slices", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.slices")
@AdditionalPrinterColumn(name = "Manifest", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.manifest.location", priority = 1)
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class Partitioning extends CustomResource<PartitioningSpec, PartitioningStatus> implements Namespaced {
}
