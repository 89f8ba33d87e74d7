package io.dataplug.core.testing;

import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStores;
import io.dataplug.core.storage.StorageOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3 server (s3proxy) in this JVM, over HTTP on a free loopback port, backed by a temporary folder.
 * Credentials are handed to the SDK through system properties, the way the default chain reads them.
 */
public final class EmbeddedS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "dataplug-test";
    public static final String SECRET_KEY = "dataplug-test-secret";

    private final S3Proxy proxy;
    private final BlobStore blobs;
    private final Path dir;

    public EmbeddedS3() throws Exception {
        dir = Files.createTempDirectory("dataplug-s3-");
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        blobs = BlobStores.create("filesystem", p);
        proxy = S3Proxy.builder().blobStore(blobs)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!proxy.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public StorageOptions options() {
        return new StorageOptions(endpoint(), "us-east-1", true, false, false);
    }

    public ObjectStores store() {
        return new ObjectStores(options());
    }

    public void createBucket(String bucket) {
        blobs.createContainer(bucket);
    }

    public ObjectLocation location(String bucket, String key) {
        return ObjectLocation.s3(bucket, key);
    }

    /**
     * Flips bits of a stored object in place, as a failing disk under the server would: the server keeps
     * serving the ETag it recorded when the object was written (s3proxy keeps it in an extended attribute).
     */
    public void flipInPlace(ObjectLocation object, long offset, int mask) throws IOException {
        Path file = dir.resolve(object.bucket()).resolve(object.key());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ mask));
            ch.write(b.rewind(), offset);
        }
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        blobs.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
