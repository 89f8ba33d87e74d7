package io.dataplug.operator.support;

import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.ObjectStores;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.operator.model.SecretRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The operator's own access to object stores: credentials read from the Secrets that resources reference
 * (never logged, never written anywhere), and one store per distinct endpoint and credentials.
 */
public final class StorageAccess implements AutoCloseable {

    private static final int MAX_STORES = 32;

    private final KubernetesClient client;
    private final Map<Key, ObjectStores> stores = new LinkedHashMap<>(16, 0.75f, true);

    public StorageAccess(KubernetesClient client) {
        this.client = client;
    }

    /** S3 credentials. {@link #toString()} does not show them. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        public AwsCredentialsProvider provider() {
            return StaticCredentialsProvider.create(sessionToken == null
                    ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                    : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
        }

        @Override
        public String toString() {
            return "Credentials[****]";
        }
    }

    /** The referenced Secret is missing or lacks a key. */
    public static final class SecretProblem extends RuntimeException {
        public SecretProblem(String message) {
            super(message);
        }
    }

    /**
     * The operator may not read the referenced Secret: it holds no standing right to read Secrets, and the Secret's
     * namespace has not granted this one (a Role with {@code resourceNames}).
     */
    public static final class SecretNotGranted extends RuntimeException {
        private final String namespace;
        private final String secret;

        public SecretNotGranted(String namespace, String secret, String message) {
            super(message);
            this.namespace = namespace;
            this.secret = secret;
        }

        public String namespace() {
            return namespace;
        }

        public String secret() {
            return secret;
        }
    }

    private record Key(StorageOptions options, Credentials credentials) {
    }

    /** Reads the credentials a Secret holds; null when {@code ref} is null. */
    public Credentials credentials(String namespace, SecretRef ref, String usedFor) {
        if (ref == null) {
            return null;
        }
        if (ref.name == null || ref.name.isBlank()) {
            throw new SecretProblem(usedFor + ".credentialsSecret has no name");
        }
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(ref.name).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                throw new SecretNotGranted(namespace, ref.name, "the operator may not read Secret " + namespace + "/" + ref.name
                        + " (" + usedFor + ".credentialsSecret)");
            }
            throw e;
        }
        if (secret == null) {
            throw new SecretProblem("Secret " + namespace + "/" + ref.name + " (" + usedFor + ".credentialsSecret) not found");
        }
        String id = value(secret, ref.accessKeyIdKey());
        String key = value(secret, ref.secretAccessKeyKey());
        if (id == null || key == null) {
            throw new SecretProblem("Secret " + namespace + "/" + ref.name + " (" + usedFor + ".credentialsSecret) has no key '"
                    + (id == null ? ref.accessKeyIdKey() : ref.secretAccessKeyKey()) + "'");
        }
        return new Credentials(id, key, value(secret, ref.sessionTokenKey()));
    }

    private static String value(Secret s, String key) {
        if (s.getData() != null && s.getData().get(key) != null) {
            return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8).trim();
        }
        if (s.getStringData() != null && s.getStringData().get(key) != null) {
            return s.getStringData().get(key).trim();
        }
        return null;
    }

    public synchronized ObjectStore store(StorageOptions options, Credentials credentials) {
        Key k = new Key(options, options.anonymous() ? null : credentials);
        ObjectStores s = stores.get(k);
        if (s == null) {
            s = new ObjectStores(options, k.credentials() == null ? null : k.credentials().provider());
            stores.put(k, s);
            if (stores.size() > MAX_STORES) {
                var eldest = stores.entrySet().iterator().next();
                stores.remove(eldest.getKey());
                eldest.getValue().close();
            }
        }
        return s;
    }

    @Override
    public synchronized void close() {
        stores.values().forEach(ObjectStores::close);
        stores.clear();
    }
}
