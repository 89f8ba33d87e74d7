package io.dataplug.core.formats.imzml;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.formats.imzml.ImzmlChunk.Header;
import io.dataplug.core.formats.imzml.SpectrumResolver.Resolved;
import io.dataplug.core.storage.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finalize: joins the chunk results ({@link ChunkScan#stitch}), resolves every spectrum, checks the pair (the
 * .ibd's UUID against the .imzML's, every array inside the .ibd, one shared m/z array in continuous mode, nothing
 * after the spectrum list that points into the .ibd), then writes the side files ({@link Tables}) and the index.
 */
final class IndexBuilder {

    static final String IBD = "ibd";
    /** The part of an .imzML after the spectrum list is copied into every slice; it is small in real files. */
    static final long MAX_TRAILER = 16 << 20;

    private final IndexingContext ctx;
    private final String uri;
    private Header header;
    private SpectrumResolver resolver;
    private ObjectInfo ibd;
    private int n;
    private int[] x;
    private int[] y;
    private int[] z;
    private long[] xmlStart;
    private long[] xmlEnd;
    private final long[][] arrays = new long[6][];
    private final TreeSet<String> mzTypes = new TreeSet<>();
    private final TreeSet<String> intensityTypes = new TreeSet<>();
    private Integer minZ;
    private Integer maxZ;
    private MzRange mz = MzRange.NONE;

    private IndexBuilder(IndexingContext ctx) {
        this.ctx = ctx;
        this.uri = ctx.source().location().toUri();
    }

    static ObjectIndex<ImzmlIndex> build(IndexingContext ctx, List<ImzmlChunk> chunks) throws IOException {
        return new IndexBuilder(ctx).build(ChunkScan.stitch(ctx, chunks));
    }

    private ObjectIndex<ImzmlIndex> build(List<ImzmlChunk> chunks) throws IOException {
        header = chunks.get(0).header();
        if (header.uuid() == null) {
            throw new DataFormatException(uri, 0, 0, "fileContent states no UUID (" + Cv.UUID + ")",
                    "an imzML file names its .ibd's UUID there");
        }
        resolver = new SpectrumResolver(header, uri);
        ibd = ctx.sibling(IBD);
        checkUuid();
        long total = chunks.stream().mapToLong(ImzmlChunk::spectra).sum();
        if (total > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(uri, 0, 0, "more than 2^31 spectra", null);
        }
        n = (int) total;
        x = new int[n];
        y = new int[n];
        z = new int[n];
        xmlStart = new long[n];
        xmlEnd = new long[n];
        for (int i = 0; i < 6; i++) {
            arrays[i] = new long[n];
        }
        int k = 0;
        for (ImzmlChunk c : chunks) {
            k = add(c, k);
        }
        ImzmlIndex.Array shared = "continuous".equals(header.mode()) ? sharedMz() : null;
        if (n > 0) {
            checkTrailer(xmlEnd[n - 1]);
        }
        long[] cost = new long[n];
        long[] ibdStart = new long[n];
        long[] ibdEnd = new long[n];
        for (int i = 0; i < n; i++) {
            ibdStart[i] = -1;
            ibdEnd[i] = -1;
            for (int a = shared != null ? Tables.INTENSITY : Tables.MZ; a <= Tables.INTENSITY; a += 3) {
                long off = arrays[a + Tables.OFFSET][i];
                long enc = arrays[a + Tables.ENCODED][i];
                if (enc > 0) {
                    cost[i] += enc;
                    ibdStart[i] = ibdStart[i] < 0 ? off : Math.min(ibdStart[i], off);
                    ibdEnd[i] = Math.max(ibdEnd[i], off + enc);
                }
            }
        }
        ctx.writeSideFile(Tables.PIXELS, Tables.PIXEL_COLUMNS.encode(n, x, y, z, cost, ibdStart, ibdEnd, xmlStart, xmlEnd));
        ctx.writeSideFile(Tables.ARRAYS, Tables.ARRAY_COLUMNS.encode(n, (Object[]) arrays));
        return index(shared);
    }

    private int add(ImzmlChunk c, int k) {
        int rows = c.spectra();
        byte[] t = c.table();
        Columns cols = ImzmlChunk.TABLE;
        long[] starts = cols.longColumn(t, rows, ImzmlChunk.XML_START);
        long[] ends = cols.longColumn(t, rows, ImzmlChunk.XML_END);
        int[] xs = cols.intColumn(t, rows, ImzmlChunk.X);
        int[] ys = cols.intColumn(t, rows, ImzmlChunk.Y);
        int[] zs = cols.intColumn(t, rows, ImzmlChunk.Z);
        int[] sigs = cols.intColumn(t, rows, ImzmlChunk.SIGNATURE);
        long[][] values = new long[6][];
        for (int v = 0; v < 6; v++) {
            values[v] = cols.longColumn(t, rows, ImzmlChunk.ARRAY0 + v);
        }
        Map<Integer, Resolved> resolved = new LinkedHashMap<>();
        mz = mz.with(new MzRange(c.mzLow(), c.mzHigh()));
        for (int r = 0; r < rows; r++, k++) {
            long at = starts[r];
            long ordinal = k;
            Resolved s = resolved.computeIfAbsent(sigs[r], id -> resolver.resolve(c.signatures().get(id), at, ordinal));
            mz = mz.with(s.mz());
            xmlStart[k] = at;
            xmlEnd[k] = ends[r];
            x[k] = coordinate(xs[r], s.x(), "x", Cv.POSITION_X, at, k);
            y[k] = coordinate(ys[r], s.y(), "y", Cv.POSITION_Y, at, k);
            int zk = zs[r] != ImzmlChunk.NONE_INT ? zs[r] : s.z();
            if (zk != ImzmlChunk.NONE_INT) {
                z[k] = zk;
                minZ = minZ == null ? zk : Math.min(minZ, zk);
                maxZ = maxZ == null ? zk : Math.max(maxZ, zk);
            }
            for (int kind = 0; kind < 2; kind++) {
                int a = kind == 0 ? s.mzArray() : 1 - s.mzArray();
                DataType type = kind == 0 ? s.mzType() : s.intensityType();
                boolean plain = kind == 0 ? s.mzPlain() : s.intensityPlain();
                String what = kind == 0 ? "m/z" : "intensity";
                long off = pick(values[a * 3][r], s.values()[kind * 3]);
                long len = pick(values[a * 3 + 1][r], s.values()[kind * 3 + 1]);
                long enc = pick(values[a * 3 + 2][r], s.values()[kind * 3 + 2]);
                if (off == ImzmlChunk.NONE || len == ImzmlChunk.NONE) {
                    throw resolver.error(at, k, "states no external " + (off == ImzmlChunk.NONE ? "offset (" + Cv.EXTERNAL_OFFSET
                            : "array length (" + Cv.EXTERNAL_LENGTH) + ") for its " + what + " array");
                }
                if (enc == ImzmlChunk.NONE) {
                    if (!plain) {
                        throw resolver.error(at, k, "states no external encoded length (" + Cv.EXTERNAL_ENCODED_LENGTH
                                + ") for its compressed " + what + " array");
                    }
                    enc = len * type.bytes();
                } else if (plain && enc != len * type.bytes()) {
                    throw resolver.error(at, k, "has an uncompressed " + what + " array of " + len + " " + type.label()
                            + " values but " + enc + " encoded bytes");
                }
                if (enc > 0 && (off < 16 || off + enc > ibd.size())) {
                    throw resolver.error(at, k, "has its " + what + " array at bytes [" + off + ", " + (off + enc) + ") of "
                            + ibd.location().fileName() + ", outside its data (bytes 16 to " + ibd.size() + ")");
                }
                int base = kind == 0 ? Tables.MZ : Tables.INTENSITY;
                arrays[base + Tables.OFFSET][k] = off;
                arrays[base + Tables.LENGTH][k] = len;
                arrays[base + Tables.ENCODED][k] = enc;
                (kind == 0 ? mzTypes : intensityTypes).add(type.label());
            }
        }
        return k;
    }

    private int coordinate(int stated, int fromGroup, String axis, String accession, long at, long ordinal) {
        int v = stated != ImzmlChunk.NONE_INT ? stated : fromGroup;
        if (v == ImzmlChunk.NONE_INT) {
            throw resolver.error(at, ordinal, "states no position " + axis + " (" + accession + ")");
        }
        return v;
    }

    private static long pick(long stated, long fromGroup) {
        return stated != ImzmlChunk.NONE ? stated : fromGroup;
    }

    private void checkUuid() throws IOException {
        String hex = uuidHex(header.uuid());
        if (!hex.matches("[0-9a-f]{32}")) {
            throw new DataFormatException(uri, header.uuidParam().start(), 0, "the UUID '" + header.uuid() + "' is not a UUID", null);
        }
        String ibdUri = ibd.location().toUri();
        if (ibd.size() < 16) {
            throw new DataFormatException(ibdUri, 0, 0, "is " + ibd.size() + " bytes, shorter than its 16-byte UUID", null);
        }
        byte[] head;
        try (InputStream in = ctx.openSibling(IBD, 0, 16)) {
            head = in.readNBytes(16);
        }
        String found = HexFormat.of().formatHex(head);
        if (!found.equals(hex)) {
            throw new DataFormatException(ibdUri, 0, 0, "its UUID " + found + " does not match the one in "
                    + ctx.source().location().fileName() + " (" + hex + ")",
                    "the two files are not a pair: one was replaced without the other");
        }
    }

    /** A UUID as the 32 lower-case hex digits of its 16 bytes, however the .imzML writes it. */
    static String uuidHex(String uuid) {
        return uuid.replaceAll("[{}\\-\\s]", "").toLowerCase();
    }

    /** Continuous mode: every spectrum has the same m/z array. */
    private ImzmlIndex.Array sharedMz() {
        if (n == 0) {
            return null;
        }
        long off = arrays[Tables.MZ + Tables.OFFSET][0];
        long enc = arrays[Tables.MZ + Tables.ENCODED][0];
        for (int i = 1; i < n; i++) {
            if (arrays[Tables.MZ + Tables.OFFSET][i] != off || arrays[Tables.MZ + Tables.ENCODED][i] != enc) {
                throw resolver.error(xmlStart[i], i, "has its own m/z array (offset " + arrays[Tables.MZ + Tables.OFFSET][i]
                        + "), but the file is in continuous mode, where all spectra share spectrum 0's (offset " + off + ")");
            }
        }
        return new ImzmlIndex.Array(off, arrays[Tables.MZ + Tables.LENGTH][0], enc);
    }

    private void checkTrailer(long from) throws IOException {
        long size = ctx.source().size();
        if (size - from > MAX_TRAILER) {
            throw new DataFormatException(uri, from, 0, "more than " + MAX_TRAILER + " bytes follow the spectrum list",
                    "chromatograms and other content after the spectra are not supported");
        }
        TrailerCheck.check(ctx.open(from, size), from, header.ancestors(), uri);
    }

    private ObjectIndex<ImzmlIndex> index(ImzmlIndex.Array shared) {
        int minX = n == 0 ? 0 : Integer.MAX_VALUE;
        int maxX = n == 0 ? 0 : Integer.MIN_VALUE;
        int minY = minX;
        int maxY = maxX;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, x[i]);
            maxX = Math.max(maxX, x[i]);
            minY = Math.min(minY, y[i]);
            maxY = Math.max(maxY, y[i]);
        }
        List<ImzmlChunk.Group> groups = new ArrayList<>(header.groups().values());
        List<Span> removed = groups.stream().flatMap(g -> g.external().stream()).toList();
        Map<String, String> kinds = new TreeMap<>();
        header.groups().forEach((id, g) -> {
            if (g.params().containsKey(Cv.MZ_ARRAY) != g.params().containsKey(Cv.INTENSITY_ARRAY)) {
                kinds.put(id, g.params().containsKey(Cv.MZ_ARRAY) ? "mz" : "intensity");
            }
        });
        long headerEnd = n > 0 ? xmlStart[0] : header.listTag().end();
        ImzmlIndex.Layout layout = new ImzmlIndex.Layout(ctx.source().size(), headerEnd, n > 0 ? xmlEnd[n - 1] : headerEnd,
                header.uuid(), header.uuidParam(), header.imsRef(), header.checksum(), header.checksumParam(), header.listTag(),
                removed, kinds);
        ImzmlIndex index = new ImzmlIndex(ImzmlFormat.NAME, ImzmlIndex.VERSION, ctx.source().size(), ibd.size(), n,
                header.mode(), header.uuid(), List.copyOf(mzTypes), List.copyOf(intensityTypes), mz.low(), mz.high(),
                new ImzmlIndex.Bounds(minX, maxX, minY, maxY, minZ, maxZ), header.pixelsX(), header.pixelsY(), shared, layout);
        Map<String, Long> attributes = new TreeMap<>();
        attributes.put("spectra", (long) n);
        if (header.mode() != null) {
            attributes.put(header.mode(), 1L);
        }
        mzTypes.forEach(t -> attributes.put("mz" + t, 1L));
        intensityTypes.forEach(t -> attributes.put("intensity" + t, 1L));
        attributes.put("maxImageWidth", Math.max(header.pixelsX(), maxX));
        attributes.put("maxImageHeight", Math.max(header.pixelsY(), maxY));
        if (maxZ != null) {
            attributes.put("maxImageDepth", (long) maxZ);
        }
        if (mz.low() != null) {
            attributes.put("minMz", (long) Math.floor(mz.low()));
        }
        if (mz.high() != null) {
            attributes.put("maxMz", (long) Math.ceil(mz.high()));
        }
        return new ObjectIndex<>(index, attributes);
    }
}
