package io.dataplug.operator.testing;

import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.CloudDatasetSpec;
import io.dataplug.operator.model.DatasetRef;
import io.dataplug.operator.model.MetadataSpec;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.PartitioningSpec;
import io.dataplug.operator.model.PreprocessingSpec;
import io.dataplug.operator.model.SecretRef;
import io.dataplug.operator.model.SourceSpec;
import java.util.Map;

/** CloudDatasets and Partitionings as the operator tests create them: S3 at an embedded endpoint, credentials from a Secret. */
public final class TestResources {

    private TestResources() {
    }

    /**
     * @param metadataUri the metadata root ({@code s3://meta/<prefix>})
     * @param secret      the Secret holding the S3 keys, for source and metadata
     */
    public static CloudDataset dataset(String ns, String name, String format, String sourceUri, String endpoint, String metadataUri,
                                       String secret) {
        CloudDataset ds = new CloudDataset();
        ds.getMetadata().setName(name);
        ds.getMetadata().setNamespace(ns);
        CloudDatasetSpec spec = new CloudDatasetSpec();
        spec.format = format;
        spec.source = new SourceSpec();
        spec.source.uri = sourceUri;
        spec.source.endpoint = endpoint;
        spec.source.region = "us-east-1";
        spec.source.pathStyle = true;
        spec.source.credentialsSecret = new SecretRef(secret);
        spec.metadata = new MetadataSpec();
        spec.metadata.uri = metadataUri;
        spec.metadata.endpoint = endpoint;
        spec.metadata.region = "us-east-1";
        spec.metadata.pathStyle = true;
        spec.metadata.credentialsSecret = new SecretRef(secret);
        spec.preprocessing = new PreprocessingSpec();
        ds.setSpec(spec);
        return ds;
    }

    public static Partitioning partitioning(String ns, String name, String dataset, String strategy, Map<String, String> params) {
        Partitioning p = new Partitioning();
        p.getMetadata().setName(name);
        p.getMetadata().setNamespace(ns);
        PartitioningSpec spec = new PartitioningSpec();
        spec.datasetRef = new DatasetRef(dataset);
        spec.strategy = strategy;
        spec.params.putAll(params);
        p.setSpec(spec);
        return p;
    }
}
