package io.dataplug.core.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reads {@code 0 .. count-1}, consumed in order, each started up to {@code window} reads ahead of the one consumed:
 * independent small reads (markers, chunk results) then cost one round trip of waiting per window, not one each,
 * while a long list never has more than {@code window} reads in flight.
 */
public final class ReadAhead<T> implements AutoCloseable {

    private final int count;
    private final int window;
    private final IntFunction<PendingRead.Read<T>> read;
    private final List<PendingRead<T>> started;

    public ReadAhead(int count, int window, IntFunction<PendingRead.Read<T>> read) {
        this.count = count;
        this.window = Math.max(1, window);
        this.read = read;
        this.started = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < Math.min(count, this.window); i++) {
            started.add(PendingRead.start(read.apply(i)));
        }
    }

    /** Read {@code i}'s value, or what it threw; call with {@code i = 0, 1, ...} in order. */
    public T get(int i) throws IOException {
        if (i + window < count && started.size() == i + window) {
            started.add(PendingRead.start(read.apply(i + window)));
        }
        return started.get(i).join();
    }

    /** Gives up on every read not consumed. */
    @Override
    public void close() {
        started.forEach(PendingRead::cancel);
    }
}
