package io.dataplug.core.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.RequestPayer;

/**
 * An object uploaded while it is written: one PUT when everything fits in a part, else a multipart upload
 * completed at the end (so the object appears whole) and aborted on failure. Full parts are uploaded by
 * {@link #IN_FLIGHT} background threads while the writer fills the next one, so producing the bytes (a manifest
 * being serialized) overlaps sending them; at most {@code IN_FLIGHT + 1} parts are held in memory.
 */
final class S3StreamingUpload extends OutputStream {

    /** S3 wants parts of at least 5 MiB (but the last); 8 MiB allows objects up to 80 GB in 10,000 parts. */
    static final int PART_SIZE = 8 << 20;
    /** Parts sent at once: two keep both the writer and the connection busy on a 2-core machine. */
    static final int IN_FLIGHT = 2;

    private final S3Client s3;
    private final ObjectLocation location;
    private final RequestPayer payer;
    private final int partSize;
    private final List<CompletedPart> parts = new ArrayList<>();
    /** Parts being uploaded, oldest first; their buffers come back to {@link #spare} once sent. */
    private final Deque<Future<Sent>> inFlight = new ArrayDeque<>();
    private final Deque<byte[]> spare = new ArrayDeque<>();
    private ExecutorService uploader;
    private byte[] buffer;
    private int filled;
    private int numbered;
    private String uploadId;

    /** A part sent, and its buffer for the next one. */
    private record Sent(CompletedPart part, byte[] buffer) {
    }

    private S3StreamingUpload(S3Client s3, ObjectLocation location, RequestPayer payer, int partSize) {
        this.s3 = s3;
        this.location = location;
        this.payer = payer;
        this.partSize = partSize;
        this.buffer = new byte[partSize];
    }

    static void upload(S3Client s3, ObjectLocation location, RequestPayer payer, int partSize, ObjectStore.Writer writer)
            throws IOException {
        S3StreamingUpload out = new S3StreamingUpload(s3, location, payer, partSize);
        try {
            writer.writeTo(out);
            out.complete();
        } catch (IOException | RuntimeException e) {
            out.abort(e);
            throw e;
        } finally {
            if (out.uploader != null) {
                out.uploader.shutdownNow();
            }
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == buffer.length) {
                sendPart();
            }
        }
    }

    /** Hands the full buffer to an uploader thread, and takes a spare one (waiting for the oldest part when none). */
    private void sendPart() throws IOException {
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(r -> r.bucket(location.bucket()).key(location.key()).requestPayer(payer))
                    .uploadId();
            uploader = Executors.newFixedThreadPool(IN_FLIGHT,
                    Thread.ofPlatform().daemon().name("dataplug-upload-", 0).factory());
        }
        int number = ++numbered;
        byte[] data = buffer;
        int length = filled;
        inFlight.add(uploader.submit(() -> new Sent(uploadPart(number, data, length), data)));
        if (inFlight.size() >= IN_FLIGHT) {
            awaitOldest();
        }
        buffer = spare.isEmpty() ? new byte[partSize] : spare.pop();
        filled = 0;
    }

    /** The SDK reads the part from our buffer (no copy); it asks for a new stream when it retries. */
    private CompletedPart uploadPart(int number, byte[] data, int length) {
        String etag = s3.uploadPart(r -> r.bucket(location.bucket()).key(location.key()).uploadId(uploadId)
                        .partNumber(number).requestPayer(payer),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length, "application/octet-stream"))
                .eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    private void awaitOldest() throws IOException {
        try {
            Sent sent = inFlight.peek().get();
            inFlight.remove();
            parts.add(sent.part());
            spare.push(sent.buffer());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading " + location.toUri());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }

    private void complete() throws IOException {
        if (uploadId == null) {
            int length = filled;
            byte[] data = buffer;
            s3.putObject(r -> r.bucket(location.bucket()).key(location.key()).requestPayer(payer),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length, "application/octet-stream"));
            return;
        }
        if (filled > 0) {
            sendPart();
        }
        while (!inFlight.isEmpty()) {
            awaitOldest();
        }
        s3.completeMultipartUpload(r -> r.bucket(location.bucket()).key(location.key()).uploadId(uploadId)
                .requestPayer(payer).multipartUpload(m -> m.parts(parts)));
    }

    /** Stops the parts still being sent, then drops the parts already uploaded; the object was never there. */
    private void abort(Exception cause) {
        if (uploadId == null) {
            return;
        }
        uploader.shutdownNow(); // interrupts the parts still being sent
        try {
            if (!uploader.awaitTermination(1, TimeUnit.MINUTES)) {
                cause.addSuppressed(new IOException("a part upload did not stop within a minute; aborting anyway"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            s3.abortMultipartUpload(r -> r.bucket(location.bucket()).key(location.key()).uploadId(uploadId).requestPayer(payer));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
