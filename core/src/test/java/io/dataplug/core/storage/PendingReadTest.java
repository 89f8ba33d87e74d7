package io.dataplug.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PendingReadTest {

    @Test
    void aDeferredReadRunsOnceInTheThreadOfTheFirstJoin() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Thread> ranIn = new AtomicReference<>();
        PendingRead<String> read = PendingRead.deferred(() -> {
            runs.incrementAndGet();
            ranIn.set(Thread.currentThread());
            return "value";
        });
        assertThat(read.started()).isFalse();
        assertThat(read.isDone()).isFalse();
        assertThat(runs.get()).as("runs before anything waits for it").isZero();

        assertThat(read.join()).isEqualTo("value");
        assertThat(read.join()).isEqualTo("value");
        assertThat(runs.get()).isEqualTo(1);
        assertThat(ranIn.get()).isSameAs(Thread.currentThread());
        assertThat(read.started()).isTrue();
        assertThat(read.isDone()).isTrue();
    }

    @Test
    void aDeferredReadRethrowsWhatItThrewUnwrapped() {
        PendingRead<String> io = PendingRead.deferred(() -> {
            throw new IOException("metadata unreadable");
        });
        assertThatThrownBy(io::join).isExactlyInstanceOf(IOException.class).hasMessage("metadata unreadable");
        assertThatThrownBy(io::join).as("joined again").isExactlyInstanceOf(IOException.class);
        PendingRead<String> runtime = PendingRead.deferred(() -> {
            throw new StorageException("s3://b/k", "access denied");
        });
        assertThatThrownBy(runtime::join).isInstanceOf(StorageException.class).hasMessageEndingWith("access denied");
    }

    @Test
    void aStartedReadIsStartedAtOnce() throws Exception {
        PendingRead<Integer> read = PendingRead.start(() -> 42);
        assertThat(read.started()).isTrue();
        assertThat(read.join()).isEqualTo(42);
    }
}
