package io.dataplug.core.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.RequestPayer;

/**
 * An object uploaded while it is written, holding at most one part in memory: one PUT when everything fits in
 * a part, else a multipart upload completed at the end (so the object appears whole) and aborted on failure.
 */
final class S3StreamingUpload extends OutputStream {

    /** S3 wants parts of at least 5 MiB (but the last); 8 MiB allows objects up to 80 GB in 10,000 parts. */
    static final int PART_SIZE = 8 << 20;

    private final S3Client s3;
    private final ObjectLocation location;
    private final RequestPayer payer;
    private final byte[] buffer;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private String uploadId;

    private S3StreamingUpload(S3Client s3, ObjectLocation location, RequestPayer payer, int partSize) {
        this.s3 = s3;
        this.location = location;
        this.payer = payer;
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
        }
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == buffer.length) {
                uploadPart();
            }
        }
    }

    private void uploadPart() {
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(r -> r.bucket(location.bucket()).key(location.key()).requestPayer(payer))
                    .uploadId();
        }
        int number = parts.size() + 1;
        String etag = s3.uploadPart(r -> r.bucket(location.bucket()).key(location.key()).uploadId(uploadId)
                .partNumber(number).requestPayer(payer), RequestBody.fromBytes(Arrays.copyOf(buffer, filled))).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
    }

    private void complete() {
        if (uploadId == null) {
            s3.putObject(r -> r.bucket(location.bucket()).key(location.key()).requestPayer(payer),
                    RequestBody.fromBytes(Arrays.copyOf(buffer, filled)));
            return;
        }
        if (filled > 0) {
            uploadPart();
        }
        s3.completeMultipartUpload(r -> r.bucket(location.bucket()).key(location.key()).uploadId(uploadId)
                .requestPayer(payer).multipartUpload(m -> m.parts(parts)));
    }

    /** Drops the parts already uploaded; the object was never there. */
    private void abort(Exception cause) {
        if (uploadId == null) {
            return;
        }
        try {
            s3.abortMultipartUpload(r -> r.bucket(location.bucket()).key(location.key()).uploadId(uploadId).requestPayer(payer));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
