package io.dataplug.core.formats.cog;

import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.SlicePart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns tile windows into slices: a slice reads the window's tiles (and its mask's) with one ranged read per run
 * of tiles that lie close together in the object, and its first part carries the header of the file to write.
 */
final class CogPartitioner {

    /** Tiles separated by fewer bytes than this are read in one range: a skipped gap is cheaper than a request. */
    static final long MAX_GAP = 256 << 10;

    /** An indexed object with its index and tile table. */
    static final class Loaded {
        final IndexedObject<CogIndex> object;
        final CogIndex index;
        private final byte[] table;
        private final Map<Integer, TileTable.Tiles> tiles = new HashMap<>();

        Loaded(IndexedObject<CogIndex> object, byte[] table) {
            this.object = object;
            this.index = object.index();
            this.table = table;
        }

        TileTable.Tiles tiles(int ifd) {
            return tiles.computeIfAbsent(ifd, i -> {
                CogIndex.Ifd d = index.ifds().get(i);
                return TileTable.decode(table, d.firstTile(), d.image().tileCount(), object.source().uri());
            });
        }
    }

    /** One tile of the slice file and where its bytes are in the object. */
    private record Entry(int image, long tile, long offset, long length) {
        long end() {
            return offset + length;
        }
    }

    private CogPartitioner() {
    }

    static List<SlicePart<CogPart>> slice(Loaded o, TileWindow w, boolean alwaysBigTiff) {
        CogIndex ix = o.index;
        CogIndex.Level level = ix.levels().get(w.level());
        TiffImage img = ix.ifds().get(level.image()).image();
        TiffImage full = ix.full();
        long[] px = w.pixels(img);
        GeoTags geo = full.geo() == null ? null : full.geo().window(px[0], px[1], (double) full.width() / img.width(),
                (double) full.height() / img.height());
        List<TiffImage> images = new ArrayList<>(List.of(img.window(px[2], px[3], geo, full.nodata(), full.gdalMetadata())));
        List<Integer> sources = new ArrayList<>(List.of(level.image()));
        if (level.mask() >= 0) {
            TiffImage mask = ix.ifds().get(level.mask()).image();
            if (mask.tileWidth() == img.tileWidth() && mask.tileHeight() == img.tileHeight()) {
                images.add(mask.window(px[2], px[3], null, null, null));
                sources.add(level.mask());
            }
        }
        List<Entry> data = new ArrayList<>();
        List<Entry> sparse = new ArrayList<>();
        for (int k = 0; k < images.size(); k++) {
            TiffImage src = ix.ifds().get(sources.get(k)).image();
            TiffImage out = images.get(k);
            TileTable.Tiles t = o.tiles(sources.get(k));
            for (int p = 0; p < out.planes(); p++) {
                for (long r = 0; r < out.tilesDown(); r++) {
                    for (long c = 0; c < out.tilesAcross(); c++) {
                        int s = (int) src.tileIndex(p, w.row() + r, w.col() + c);
                        Entry e = new Entry(k, out.tileIndex(p, r, c), t.offsets()[s], t.lengths()[s]);
                        (e.length() == 0 ? sparse : data).add(e);
                    }
                }
            }
        }
        CogPart.Header header = new CogPart.Header(ix.byteOrder(), alwaysBigTiff, images);
        return parts(o, header, data, sparse);
    }

    /** Groups the tiles into ranges; sparse tiles and the header go with the first part. */
    private static List<SlicePart<CogPart>> parts(Loaded o, CogPart.Header header, List<Entry> data, List<Entry> sparse) {
        data.sort(Comparator.comparingLong(Entry::offset));
        List<SlicePart<CogPart>> parts = new ArrayList<>();
        for (List<Entry> run : Coalesce.runs(data, Entry::offset, Entry::end, MAX_GAP)) {
            long start = Coalesce.start(run, Entry::offset);
            List<Entry> in = new ArrayList<>(run);
            if (parts.isEmpty()) {
                in.addAll(sparse);
            }
            parts.add(new SlicePart<>(o.object.source(), start, Coalesce.end(run, Entry::end),
                    new CogPart(parts.isEmpty() ? header : null, runs(in, start))));
        }
        if (parts.isEmpty()) { // every tile is sparse: read the TIFF header only, which pins the object's version
            parts.add(new SlicePart<>(o.object.source(), 0, o.index.bigTiff() ? 16 : 8,
                    new CogPart(header, runs(sparse, 0))));
        }
        return parts;
    }

    /** Consecutive tiles of one image, in the given order, become one run. */
    private static List<CogPart.TileRun> runs(List<Entry> entries, long partStart) {
        List<CogPart.TileRun> runs = new ArrayList<>();
        int i = 0;
        while (i < entries.size()) {
            int j = i + 1;
            while (j < entries.size() && entries.get(j).image() == entries.get(i).image()
                    && entries.get(j).tile() == entries.get(j - 1).tile() + 1) {
                j++;
            }
            long[] offsets = new long[j - i];
            long[] lengths = new long[j - i];
            for (int k = i; k < j; k++) {
                Entry e = entries.get(k);
                offsets[k - i] = e.length() == 0 ? 0 : e.offset() - partStart;
                lengths[k - i] = e.length();
            }
            runs.add(new CogPart.TileRun(entries.get(i).image(), entries.get(i).tile(), offsets, lengths));
            i = j;
        }
        return runs;
    }
}
