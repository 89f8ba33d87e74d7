package io.dataplug.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.RequestPayer;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 (and S3-compatible servers) on AWS SDK v2. The SDK's standard retry strategy (exponential backoff
 * with jitter) covers throttling and 5xx on each request; a body that breaks mid-stream is resumed from
 * the last byte received, still pinned to the same ETag.
 */
public final class S3ObjectStore implements ObjectStore {

    private static final int MAX_ATTEMPTS = 8;
    private static final int MAX_STREAM_RESUMES = 5;
    /**
     * A ranged body closed with at most this much unread is read to its end rather than aborted: readers that stop
     * a little short of their range (a slice read past its own records) keep their connection for the next request.
     */
    private static final long DRAIN_LIMIT = 256 << 10;

    private final S3Client s3;
    private final RequestPayer payer;

    public S3ObjectStore(StorageOptions options) {
        this(options, null);
    }

    /**
     * @param credentials explicit credentials (e.g. the operator's, read from a Kubernetes Secret), or null for the
     *                    standard AWS chain; ignored when {@code options.anonymous()} is set
     */
    public S3ObjectStore(StorageOptions options, AwsCredentialsProvider credentials) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64)
                        .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(c -> c.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build()))
                .forcePathStyle(options.pathStyle())
                .credentialsProvider(options.anonymous() ? AnonymousCredentialsProvider.create()
                        : credentials != null ? credentials : StandardChainCredentials.create());
        if (options.endpoint() != null && !options.endpoint().isBlank()) {
            b.endpointOverride(URI.create(options.endpoint()));
        }
        b.region(Region.of(options.region() != null && !options.region().isBlank() ? options.region() : defaultRegion()));
        this.s3 = b.build();
        this.payer = options.requesterPays() ? RequestPayer.REQUESTER : null;
    }

    private static String defaultRegion() {
        String r = System.getenv("AWS_REGION");
        if (r == null || r.isBlank()) {
            r = System.getenv("AWS_DEFAULT_REGION");
        }
        return r == null || r.isBlank() ? "us-east-1" : r;
    }

    @Override
    public Stream<ObjectInfo> list(ObjectLocation prefix) {
        ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(prefix.bucket()).prefix(prefix.key())
                .requestPayer(payer).build();
        return translated(() -> s3.listObjectsV2Paginator(req).contents().iterator(), prefix)
                .filter(o -> !o.key().endsWith("/"))
                .map(o -> new ObjectInfo(ObjectLocation.s3(prefix.bucket(), o.key()), o.size(), ObjectInfo.unquote(o.eTag())));
    }

    @Override
    public Stream<String> listFolders(ObjectLocation folder) {
        String prefix = folder.key();
        ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(folder.bucket()).prefix(prefix).delimiter("/")
                .requestPayer(payer).build();
        return translated(() -> s3.listObjectsV2Paginator(req).commonPrefixes().iterator(), folder)
                .map(p -> p.prefix().substring(prefix.length(), p.prefix().length() - 1))
                .filter(name -> !name.isEmpty());
    }

    /**
     * A listing's items as a stream. Its pages, the first one too, are requested as the stream is read: their
     * failures (a missing bucket, a refused listing) are this store's exceptions, as every other request's.
     */
    private static <T> Stream<T> translated(Supplier<Iterator<T>> listing, ObjectLocation at) {
        Spliterator<T> lazy = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
            private Iterator<T> items; // made on the first read: making it requests the first page

            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                T next;
                try {
                    if (items == null) {
                        items = listing.get();
                    }
                    if (!items.hasNext()) {
                        return false;
                    }
                    next = items.next();
                } catch (SdkException e) {
                    throw translate(at, e, -1);
                }
                action.accept(next);
                return true;
            }
        };
        return StreamSupport.stream(lazy, false);
    }

    @Override
    public ObjectInfo head(ObjectLocation location) {
        try {
            HeadObjectResponse r = s3.headObject(h -> h.bucket(location.bucket()).key(location.key()).requestPayer(payer));
            return new ObjectInfo(location, r.contentLength(), ObjectInfo.unquote(r.eTag()));
        } catch (SdkException e) {
            throw translate(location, e, -1);
        }
    }

    @Override
    public InputStream open(ObjectLocation location, long offset, long length, String expectedEtag) {
        if (offset < 0 || length < 0) {
            throw new StorageException(location.toUri(), "invalid range offset=" + offset + " length=" + length);
        }
        if (length == 0) {
            if (expectedEtag != null) {
                ObjectInfo info = head(location);
                if (!expectedEtag.equals(info.etag())) {
                    throw new ObjectChangedException(location.toUri(), expectedEtag, info.etag());
                }
            }
            return InputStream.nullInputStream();
        }
        return new ResumingRangeStream(location, offset, length, expectedEtag);
    }

    private ResponseInputStream<GetObjectResponse> get(ObjectLocation location, long offset, long length, String etag) {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(location.bucket()).key(location.key())
                .range("bytes=" + offset + "-" + (offset + length - 1)).requestPayer(payer);
        if (etag != null) {
            req.ifMatch("\"" + etag + "\"");
        }
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(req.build());
        } catch (SdkException e) {
            throw translate(location, e, offset, etag);
        }
        GetObjectResponse r = in.response();
        String got = ObjectInfo.unquote(r.eTag());
        if (etag != null && got != null && !etag.equals(got)) {
            // Servers that ignore If-Match still tell us the ETag they served.
            abort(in);
            throw new ObjectChangedException(location.toUri(), etag, got);
        }
        if (r.contentLength() != null && r.contentLength() != length) {
            abort(in);
            throw new StorageException(location.toUri(), "asked for " + length + " bytes at offset " + offset
                    + " but the server sent " + r.contentLength() + " (range beyond the end of the object?)");
        }
        return in;
    }

    /**
     * One GET of the whole object instead of a HEAD and a pinned GET: a single response is one version of the object,
     * and its body must be as long as the Content-Length it declared. Small metadata files (markers, chunk results,
     * indexes) are read this way, so each costs one round trip. A body that breaks off is read again the default
     * way (HEAD, then a ranged GET pinned to that ETag, resumed where it breaks).
     */
    @Override
    public Optional<byte[]> readIfExists(ObjectLocation location) {
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(g -> g.bucket(location.bucket()).key(location.key()).requestPayer(payer));
        } catch (SdkException e) {
            StorageException failure = translate(location, e, -1);
            if (failure instanceof ObjectNotFoundException && !(failure instanceof BucketNotFoundException)) {
                return Optional.empty(); // a missing bucket is a configuration error, not an absent file
            }
            throw failure;
        }
        Long length = in.response().contentLength();
        if (length == null || length > Integer.MAX_VALUE - 8) {
            abort(in);
            return ObjectStore.super.readIfExists(location); // no length to check against, or too large: the checked way
        }
        try (in) {
            byte[] data = new byte[length.intValue()];
            int got = in.readNBytes(data, 0, data.length);
            if (got != data.length || in.read() >= 0) {
                throw new StorageException(location.toUri(), "the server declared " + length + " bytes but sent "
                        + (got != data.length ? got : "more"));
            }
            return Optional.of(data);
        } catch (IOException broken) {
            return ObjectStore.super.readIfExists(location);
        }
    }

    private static void abort(ResponseInputStream<?> in) {
        in.abort();
    }

    @Override
    public void put(ObjectLocation location, byte[] data) {
        try {
            s3.putObject(p -> p.bucket(location.bucket()).key(location.key()).requestPayer(payer), RequestBody.fromBytes(data));
        } catch (SdkException e) {
            throw translate(location, e, -1);
        }
    }

    /** Streamed in parts of {@link S3StreamingUpload#PART_SIZE}: a multipart upload beyond one part. */
    @Override
    public void putStreamed(ObjectLocation location, Writer writer) {
        try {
            S3StreamingUpload.upload(s3, location, payer, S3StreamingUpload.PART_SIZE, writer);
        } catch (SdkException e) {
            throw translate(location, e, -1);
        } catch (IOException e) {
            throw new StorageException(location.toUri(), "cannot write: " + e.getMessage(), e);
        }
    }

    /**
     * {@code If-None-Match: *}: S3 (since 2024), MinIO and s3proxy answer 412 when the key exists. A 409 (a
     * concurrent write to the key was in flight) is asked again; a store that does not implement the header
     * (501) gets the non-atomic default.
     */
    @Override
    public boolean putIfAbsent(ObjectLocation location, byte[] data) {
        for (int attempt = 1; ; attempt++) {
            try {
                s3.putObject(p -> p.bucket(location.bucket()).key(location.key()).requestPayer(payer).ifNoneMatch("*"),
                        RequestBody.fromBytes(data));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    return false;
                }
                if (e.statusCode() == 501) {
                    return ObjectStore.super.putIfAbsent(location, data);
                }
                if (e.statusCode() != 409 || attempt == MAX_ATTEMPTS) {
                    throw translate(location, e, -1);
                }
            } catch (SdkException e) {
                throw translate(location, e, -1);
            }
        }
    }

    @Override
    public void delete(ObjectLocation location) {
        try {
            s3.deleteObject(d -> d.bucket(location.bucket()).key(location.key()).requestPayer(payer));
        } catch (SdkException e) {
            throw translate(location, e, -1);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private static StorageException translate(ObjectLocation loc, SdkException e, long offset) {
        return translate(loc, e, offset, null);
    }

    private static StorageException translate(ObjectLocation loc, SdkException e, long offset, String etag) {
        String at = offset >= 0 ? " at offset " + offset : "";
        if (e instanceof NoSuchKeyException) {
            return new ObjectNotFoundException(loc.toUri(), "no such object");
        }
        if (e instanceof NoSuchBucketException) {
            return new BucketNotFoundException(loc.toUri(), loc.bucket());
        }
        if (e instanceof S3Exception s3e) {
            int status = s3e.statusCode();
            String code = s3e.awsErrorDetails() != null ? s3e.awsErrorDetails().errorCode() : null;
            if (status == 404) {
                return "NoSuchBucket".equals(code)
                        ? new BucketNotFoundException(loc.toUri(), loc.bucket())
                        : new ObjectNotFoundException(loc.toUri(), "no such object");
            }
            if (status == 412 && etag != null) {
                return new ObjectChangedException(loc.toUri(), etag, null);
            }
            if (status == 403) {
                return new StorageException(loc.toUri(), "access denied" + at
                        + " (check the credentials, or use --anonymous for a public bucket)", e);
            }
            if (status == 416) {
                return new StorageException(loc.toUri(), "range not satisfiable" + at + " (object smaller than expected?)", e);
            }
            return new StorageException(loc.toUri(), "S3 error " + status + (code != null ? " " + code : "") + at, e);
        }
        if (StandardChainCredentials.causedBy(e)) {
            return new CredentialsNotFoundException(loc.toUri());
        }
        if (e instanceof SdkClientException) {
            return new StorageException(loc.toUri(), "cannot reach the object store" + at + ": " + e.getMessage(), e);
        }
        return new StorageException(loc.toUri(), e.getMessage() + at, e);
    }

    /** A ranged body that re-requests the remaining bytes (same ETag) when the connection breaks. */
    private final class ResumingRangeStream extends InputStream {
        private final ObjectLocation location;
        private final long end;
        private final String etag;
        private long pos;
        private int resumes;
        private ResponseInputStream<GetObjectResponse> current;

        ResumingRangeStream(ObjectLocation location, long offset, long length, String etag) {
            this.location = location;
            this.pos = offset;
            this.end = offset + length;
            this.etag = etag;
            this.current = get(location, offset, length, etag);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (pos >= end) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                try {
                    int n = current.read(buf, off, (int) Math.min(len, end - pos));
                    if (n < 0) {
                        throw new IOException(location.toUri() + ": body ended at offset " + pos + ", expected up to " + end);
                    }
                    pos += n;
                    return n;
                } catch (IOException e) {
                    if (++resumes > MAX_STREAM_RESUMES) {
                        throw new IOException(location.toUri() + ": read failed at offset " + pos + " after "
                                + MAX_STREAM_RESUMES + " resumes: " + e.getMessage(), e);
                    }
                    abort(current);
                    current = get(location, pos, end - pos, etag);
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (pos < end && (end - pos > DRAIN_LIMIT || !drained())) {
                abort(current); // do not drain a large unread body
            }
            current.close();
        }

        /** Reads the rest of a small unread body, so the connection is kept (a new one costs a TLS handshake). */
        private boolean drained() {
            try {
                current.transferTo(OutputStream.nullOutputStream());
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
