package io.dataplug.operator.dev;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/** An S3 server (s3proxy) in this JVM on a loopback port, backed by a temporary folder. */
public final class DevS3 implements AutoCloseable {

    private final S3Proxy proxy;
    private final BlobStore blobs;
    private final Path dir;

    public DevS3(String accessKey, String secretKey, int port) throws Exception {
        dir = Files.createTempDirectory("dataplug-dev-s3-");
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        blobs = BlobStores.create("filesystem", p);
        proxy = S3Proxy.builder().blobStore(blobs)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public boolean hasBucket(String bucket) {
        return blobs.containerExists(bucket);
    }

    public void createBucket(String bucket) {
        if (!blobs.containerExists(bucket)) {
            blobs.createContainer(bucket);
        }
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        blobs.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
