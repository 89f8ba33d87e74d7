package io.dataplug.core.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What an evaluator keeps of the ranges slices share: one read for concurrent askers, nothing kept of a failed
 * read, bytes of one ETag never given for another, and the bound.
 */
class SharedRangesTest {

    private static SourceObject object(String etag) {
        return new SourceObject("s3://data/a.vcf", "data", "a.vcf", null, null, null, null, null, etag, 1 << 30);
    }

    private final SharedRanges shared = new SharedRanges();
    private final AtomicInteger reads = new AtomicInteger();

    private SharedRanges.Read counted(byte[] value) {
        return () -> {
            reads.incrementAndGet();
            return value;
        };
    }

    /** The range [0, 1) of the object at ETag e1, asked for on another thread. */
    private CompletableFuture<byte[]> askAsync(SharedRanges.Read read) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return shared.get(object("e1"), 0, 1, read);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new InterruptedIOException();
        }
    }

    @Test
    void concurrentAskersWaitForOneRead() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        byte[] header = {'#'};
        CompletableFuture<byte[]> first = askAsync(() -> {
            reads.incrementAndGet();
            entered.countDown();
            await(release);
            return header;
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<byte[]> second = askAsync(counted(new byte[] {'x'}));
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(header);
        assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(header);
        assertThat(reads).hasValue(1);
    }

    @Test
    void theWaiterOfAFailedReadReadsForItself() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<byte[]> failing = askAsync(() -> {
            entered.countDown();
            await(release);
            throw new IOException("header is not the object's");
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<byte[]> waiter = askAsync(counted(new byte[] {'w'}));
        release.countDown();
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("header is not the object's");
        assertThat(waiter.get(10, TimeUnit.SECONDS)).as("its own read").containsExactly('w');
    }

    @Test
    void aFailedReadIsNotKept() throws IOException {
        assertThatThrownBy(() -> shared.get(object("e1"), 0, 1, () -> {
            throw new IOException("header is not the object's");
        })).hasMessage("header is not the object's");
        assertThat(shared.get(object("e1"), 0, 1, counted(new byte[] {'n'}))).containsExactly('n');
        assertThat(reads).hasValue(1);
    }

    @Test
    void bytesOfOneEtagAreNeverGivenForAnother() throws IOException {
        assertThat(shared.get(object("e1"), 0, 1, counted(new byte[] {'1'}))).containsExactly('1');
        assertThat(shared.get(object("e2"), 0, 1, counted(new byte[] {'2'}))).containsExactly('2');
        assertThat(shared.get(object("e1"), 0, 1, counted(new byte[] {'x'}))).containsExactly('1');
        assertThat(shared.get(object("e1"), 1, 1, counted(new byte[] {'3'}))).as("another range").containsExactly('3');
        assertThat(reads).hasValue(3);
    }

    @Test
    void keepsAtMostItsBoundLeastRecentlyUsedFirstOut() throws IOException {
        int ranges = (int) (SharedRanges.MAX_BYTES / SharedRanges.MAX_RANGE);
        byte[] big = new byte[SharedRanges.MAX_RANGE];
        for (int i = 0; i <= ranges; i++) { // one more than fits
            shared.get(object("e1"), (long) i * big.length, big.length, counted(big));
        }
        shared.get(object("e1"), (long) ranges * big.length, big.length, counted(big));
        assertThat(reads).as("the last one is kept").hasValue(ranges + 1);
        shared.get(object("e1"), 0, big.length, counted(big));
        assertThat(reads).as("the first one was dropped").hasValue(ranges + 2);

        byte[] tooBig = new byte[SharedRanges.MAX_RANGE + 1];
        shared.get(object("e1"), 0, tooBig.length, counted(tooBig));
        shared.get(object("e1"), 0, tooBig.length, counted(tooBig));
        assertThat(reads).as("a range over the limit is read each time").hasValue(ranges + 4);
    }
}
