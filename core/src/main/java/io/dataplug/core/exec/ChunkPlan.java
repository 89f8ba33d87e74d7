package io.dataplug.core.exec;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * How one object's preprocessing is cut into map tasks: byte ranges of {@code chunkSize} from offset 0, together
 * tiling {@code [0, size)} exactly; the last one is shorter, or up to an eighth longer: a tail shorter than
 * {@code chunkSize / 8} joins the chunk before it rather than costing a task of its own (its round trips, and a
 * wave of its own when every worker is busy — a 32 MiB object of 16 MiB chunks and a few bytes more is 2 tasks, not 3). A per-object format has one range, the whole
 * object. The {@link #id()} names the folder that holds everything a run under this plan writes, so runs
 * under different plans (another chunk size, crashed or concurrent) never read each other's results.
 *
 * @param size      the object's size in bytes
 * @param chunkSize bytes per range; normalised to at most the size, so one tiling has one name
 */
public record ChunkPlan(long size, long chunkSize) {

    public ChunkPlan {
        if (size < 0 || chunkSize < 1) {
            throw new IllegalArgumentException("chunk plan needs size >= 0 and chunk size >= 1, got " + size + " and "
                    + chunkSize);
        }
        chunkSize = Math.min(chunkSize, Math.max(1, size));
    }

    /** One range: the whole object. */
    public static ChunkPlan whole(long size) {
        return new ChunkPlan(size, Math.max(1, size));
    }

    /** The plan's name in the metadata layout, e.g. {@code plan-67108864}. */
    @JsonIgnore
    public String id() {
        return "plan-" + chunkSize;
    }

    @JsonIgnore
    public int chunks() {
        long n = Math.max(1, (size + chunkSize - 1) / chunkSize);
        if (n > 1 && size - (n - 1) * chunkSize < chunkSize / 8) {
            n--; // a short tail joins the chunk before it
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " cuts " + size + " bytes into " + n
                    + " chunks; use a larger chunk size");
        }
        return (int) n;
    }

    public long start(int chunk) {
        check(chunk);
        return chunk * chunkSize;
    }

    public long end(int chunk) {
        check(chunk);
        return chunk == chunks() - 1 ? size : (chunk + 1) * chunkSize;
    }

    private void check(int chunk) {
        if (chunk < 0 || chunk >= chunks()) {
            throw new IllegalArgumentException("chunk " + chunk + " is outside " + id() + " (" + chunks() + " chunks)");
        }
    }
}
