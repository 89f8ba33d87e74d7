package io.dataplug.core.formats.cog;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.IndexingContext;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Preprocessing of one tiled TIFF: reads its header and IFDs (never pixel data), keeps the full-resolution image,
 * its overviews and masks, and checks every tile lies inside the object. IFDs after a second full-resolution
 * image (a multi-page TIFF's other pages) are left out.
 */
final class CogIndexer {

    /** The index and the tile table to store beside it. */
    record Result(CogIndex index, byte[] tileTable) {
    }

    private CogIndexer() {
    }

    static Result index(IndexingContext ctx) {
        HeaderReads reads = new HeaderReads(ctx);
        IfdReader.Structure s = new IfdReader(reads).read();
        IfdDecoder decoder = new IfdDecoder(reads.uri(), reads.size(), s.order());
        List<CogIndex.Ifd> ifds = new ArrayList<>();
        List<IfdDecoder.Decoded> decoded = new ArrayList<>();
        long firstTile = 0;
        for (int i = 0; i < s.ifds().size(); i++) {
            IfdReader.RawIfd raw = s.ifds().get(i);
            int subfile = subfileType(raw, s.order(), reads.uri());
            boolean secondary = (subfile & (Tiff.SUBFILE_REDUCED | Tiff.SUBFILE_MASK)) != 0;
            if (i == 0 && secondary) {
                throw new DataFormatException(reads.uri(), raw.offset(), 0, "the first IFD is an overview or a mask "
                        + "(NewSubfileType " + subfile + "), not the full-resolution image", IfdReader.NOT_TIFF_HINT);
            }
            if (i > 0 && !secondary) {
                break; // another page of a multi-page TIFF
            }
            IfdDecoder.Decoded d;
            try {
                d = decoder.decode(raw, i);
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new DataFormatException(reads.uri(), raw.offset(), 0, "IFD " + i + ": " + e.getMessage(),
                        "the file is corrupt");
            }
            ifds.add(new CogIndex.Ifd(i, raw.offset(), d.image(), firstTile));
            decoded.add(d);
            firstTile += d.tiles().offsets().length;
        }
        List<CogIndex.Level> levels = levels(ifds);
        TiffImage full = ifds.get(0).image();
        GeoTags geo = full.geo();
        CogIndex index = new CogIndex(CogIndex.VERSION, reads.size(), s.order() == ByteOrder.BIG_ENDIAN ? "MM" : "II",
                s.bigTiff(), ifds, levels, geo == null ? 0 : geo.epsg(), geo == null ? null : geo.bounds(full.width(),
                full.height()), firstTile, reads.bytes(), reads.requests());
        return new Result(index, TileTable.encode(decoded));
    }

    private static int subfileType(IfdReader.RawIfd raw, ByteOrder order, String uri) {
        TiffTag t = raw.get(Tiff.NEW_SUBFILE_TYPE);
        try {
            return t == null || t.count() == 0 ? 0 : (int) t.first(order);
        } catch (IllegalStateException e) {
            throw new DataFormatException(uri, raw.offset(), 0, "NewSubfileType: " + e.getMessage(), "the file is corrupt");
        }
    }

    /**
     * Level 0 is the first IFD; levels 1... are the overviews no larger than it, largest first. A mask belongs to
     * the level of the same size.
     */
    private static List<CogIndex.Level> levels(List<CogIndex.Ifd> ifds) {
        TiffImage full = ifds.get(0).image();
        List<Integer> images = new ArrayList<>();
        images.add(0);
        for (int i = 1; i < ifds.size(); i++) {
            TiffImage im = ifds.get(i).image();
            if (im.isOverview() && im.width() <= full.width() && im.height() <= full.height()) {
                images.add(i);
            }
        }
        images.subList(1, images.size()).sort(Comparator.comparingLong((Integer i) -> ifds.get(i).image().width()).reversed());
        List<CogIndex.Level> levels = new ArrayList<>();
        for (int i : images) {
            TiffImage im = ifds.get(i).image();
            int mask = -1;
            for (int m = 0; m < ifds.size() && mask < 0; m++) {
                TiffImage c = ifds.get(m).image();
                if (c.isMask() && c.width() == im.width() && c.height() == im.height()) {
                    mask = m;
                }
            }
            levels.add(new CogIndex.Level(i, mask));
        }
        return levels;
    }
}
