package io.dataplug.core.formats.fastq;

import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.SlicePart;
import java.util.List;

/**
 * Partitioning of fastq-gzip: slices of reads ({@link ReadSlicing}), each part resuming at the checkpoint at or
 * before its first read and ending at the checkpoint after its last one, where evaluation verifies the CRC-32.
 */
final class GzipReadSlicer {

    private GzipReadSlicer() {
    }

    static List<List<SlicePart<GzipReadCorrections>>> partition(PartitionRequest<GzipReadIndex> request) {
        return ReadSlicing.partition(request, o -> o.index().reads(), (o, first, n) -> part(o, o.index(), first, n));
    }

    /** The part holding reads {@code [first, first + n)} of one object. */
    static SlicePart<GzipReadCorrections> part(IndexedObject<GzipReadIndex> o, GzipReadIndex index, long first, long n) {
        List<long[]> cps = index.checkpoints();
        long[] cp = cps.get(index.atOrBefore(first));
        // The part ends where read first + n starts. The first checkpoint whose first read comes after that
        // one lies beyond that start (its read count says read first + n started before it), so compressed
        // data up to it is enough.
        int next = index.atOrBefore(first + n) + 1;
        long end = next < cps.size() ? cps.get(next)[GzipReadIndex.C] + (cps.get(next)[GzipReadIndex.BIT] > 0 ? 1 : 0) : o.source().size();
        GzipReadCorrections.Window window = cp[GzipReadIndex.W_LEN] > 0
                ? new GzipReadCorrections.Window(o.metadataDir(), index.windows(), cp[GzipReadIndex.W_OFF], (int) cp[GzipReadIndex.W_LEN]) : null;
        // where evaluation stops decoding: the CRC-32 recorded there covers every byte the part returns
        GzipReadCorrections.VerifyAt verifyAt = next < cps.size() ? GzipReadCorrections.VerifyAt.of(cps.get(next)) : null;
        boolean member = cp[GzipReadIndex.MEMBER] != 0;
        GzipReadCorrections c = new GzipReadCorrections(first, n, first - cp[GzipReadIndex.READ], cp[GzipReadIndex.READ_OFFSET] - cp[GzipReadIndex.U],
                (int) cp[GzipReadIndex.BIT], cp[GzipReadIndex.U], member ? Boolean.TRUE : null, member ? null : cp[GzipReadIndex.PREFIX],
                member ? null : (int) cp[GzipReadIndex.CRC], window, verifyAt);
        return new SlicePart<>(o.source(), cp[GzipReadIndex.C], end, c);
    }
}
