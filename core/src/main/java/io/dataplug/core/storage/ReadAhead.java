package io.dataplug.core.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reads {@code 0 .. count-1}, consumed in order, each started up to {@link #WINDOW} reads ahead of the one consumed:
 * independent small reads (markers, chunk results) then cost one round trip of waiting per window, not one each,
 * while a long list never has more than {@link #WINDOW} reads in flight.
 */
public final class ReadAhead<T> implements AutoCloseable {

    /** Reads in flight ahead of the one consumed, for markers and chunk results alike. */
    public static final int WINDOW = 16;

    private final int count;
    private final IntFunction<PendingRead.Read<T>> read;
    private final List<PendingRead<T>> started;

    public ReadAhead(int count, IntFunction<PendingRead.Read<T>> read) {
        this.count = count;
        this.read = read;
        this.started = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < Math.min(count, WINDOW); i++) {
            started.add(PendingRead.start(read.apply(i)));
        }
    }

    /** Read {@code i}'s value, or what it threw; call with {@code i = 0, 1, ...} in order. */
    public T get(int i) throws IOException {
        if (i + WINDOW < count && started.size() == i + WINDOW) {
            started.add(PendingRead.start(read.apply(i + WINDOW)));
        }
        return started.get(i).join();
    }

    /** Gives up on every read not consumed. */
    @Override
    public void close() {
        started.forEach(PendingRead::cancel);
    }
}
