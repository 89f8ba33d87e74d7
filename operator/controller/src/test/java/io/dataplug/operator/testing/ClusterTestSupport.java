package io.dataplug.operator.testing;

import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.Reason;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * What both operator test layers share: a fresh namespace per test with the S3 credentials Secret, test data in the
 * embedded S3 server's {@code raw} bucket, and the resources, Jobs and Events of that namespace.
 */
public abstract class ClusterTestSupport {

    public static final String SECRET = "s3-credentials";

    protected KubernetesClient client;
    protected String ns;
    protected String prefix;

    /** The embedded S3 server's store (buckets {@code raw} and {@code meta}). */
    protected abstract ObjectStore store();

    protected abstract String s3Endpoint();

    /** Creates namespace {@code ns} with the Secret holding the embedded S3 server's keys. */
    protected void newNamespace(KubernetesClient client, String ns) {
        this.client = client;
        this.ns = ns;
        this.prefix = ns + "/";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(SECRET).endMetadata()
                .addToData("AWS_ACCESS_KEY_ID", b64(EmbeddedS3.ACCESS_KEY))
                .addToData("AWS_SECRET_ACCESS_KEY", b64(EmbeddedS3.SECRET_KEY)).build()).create();
    }

    protected static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Text lines, deterministic per seed; {@code n} lines. */
    public static byte[] lines(long seed, int n) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("record ").append(seed).append('-').append(i).append(' ').append("x".repeat(r.nextInt(60))).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    protected ObjectLocation put(String key, byte[] data) {
        ObjectLocation loc = ObjectLocation.s3("raw", prefix + key);
        store().put(loc, data);
        return loc;
    }

    protected CloudDataset dataset(String name, String format, String sourceUri) {
        return TestResources.dataset(ns, name, format, sourceUri, s3Endpoint(), "s3://meta/" + prefix, SECRET);
    }

    protected CloudDataset create(CloudDataset ds) {
        return client.resources(CloudDataset.class).inNamespace(ns).resource(ds).create();
    }

    protected Partitioning create(Partitioning p) {
        return client.resources(Partitioning.class).inNamespace(ns).resource(p).create();
    }

    protected CloudDataset getDataset(String name) {
        return client.resources(CloudDataset.class).inNamespace(ns).withName(name).get();
    }

    protected Partitioning getPartitioning(String name) {
        return client.resources(Partitioning.class).inNamespace(ns).withName(name).get();
    }

    protected List<Job> jobs(String dataset) {
        return client.batch().v1().jobs().inNamespace(ns).withLabel("dataplug.io/dataset", dataset).list().getItems();
    }

    protected List<Event> events(String involvedName) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> involvedName.equals(e.getInvolvedObject().getName())).toList();
    }

    protected List<Event> events(String involvedName, String reason) {
        return events(involvedName).stream().filter(e -> reason.equals(e.getReason())).toList();
    }

    protected List<Event> events(String involvedName, Reason reason) {
        return events(involvedName, reason.name());
    }
}
