package io.dataplug.core.gzip;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * The large arrays that {@link ParallelGzipIndexer} decodes its ranges into (together about twice the
 * uncompressed object), kept between index builds for the next one. A new array of tens of MB is memory the
 * process has often never touched (the heap grows, and G1 places large arrays in free regions of its own
 * choosing): each of its 4 KiB pages then costs a page fault and the kernel's zeroing, measured at about 4 ms
 * per MB on the 2-core development machine, as much as decoding it. The sequential indexer allocates nothing of
 * that size, so without reuse 2 threads ran at half its speed in many JVM launches. Arrays are held softly (the
 * GC may take them back) and only a few of each kind; an array is handed out to one caller at a time.
 */
final class OutputArrays {

    /** Arrays kept per kind: the ranges of two builds at a time. */
    private static final int KEEP = 8;
    /** Smaller arrays (a range's first output buffer) are not worth keeping: the GC reuses their memory soon. */
    private static final int MIN_KEPT = 4 << 20;

    private static final Pool<byte[]> BYTES = new Pool<>(byte[]::new, a -> a.length);
    private static final Pool<char[]> CHARS = new Pool<>(char[]::new, a -> a.length);

    private OutputArrays() {
    }

    /** A byte array of at least {@code length} elements, contents unspecified. */
    static byte[] bytes(int length) {
        return BYTES.take(length);
    }

    /** A char array of at least {@code length} elements, contents unspecified. */
    static char[] chars(int length) {
        return CHARS.take(length);
    }

    /** Gives the output arrays of a range back; its caller must not use them (nor let a task use them) again. */
    static void recycle(RangeDecoder.Result r) {
        BYTES.give(r.bytes());
        CHARS.give(r.markers());
    }

    private static final class Pool<A> {
        private final IntFunction<A> create;
        private final ToIntFunction<A> length;
        private final List<SoftReference<A>> kept = new ArrayList<>();

        Pool(IntFunction<A> create, ToIntFunction<A> length) {
            this.create = create;
            this.length = length;
        }

        A take(int n) {
            if (n >= MIN_KEPT) {
                synchronized (this) {
                    A best = null;
                    SoftReference<A> bestRef = null;
                    for (Iterator<SoftReference<A>> it = kept.iterator(); it.hasNext(); ) {
                        SoftReference<A> ref = it.next();
                        A a = ref.get();
                        if (a == null) {
                            it.remove();
                        } else if (length.applyAsInt(a) >= n
                                && (best == null || length.applyAsInt(a) < length.applyAsInt(best))) {
                            best = a;
                            bestRef = ref;
                        }
                    }
                    if (best != null) {
                        kept.remove(bestRef);
                        return best;
                    }
                }
            }
            return create.apply(n);
        }

        synchronized void give(A a) {
            if (a == null || length.applyAsInt(a) < MIN_KEPT) {
                return;
            }
            kept.removeIf(r -> r.get() == null);
            if (kept.size() == KEEP) {
                kept.remove(0); // the oldest
            }
            kept.add(new SoftReference<>(a));
        }
    }
}
