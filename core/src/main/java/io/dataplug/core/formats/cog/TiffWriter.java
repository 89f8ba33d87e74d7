package io.dataplug.core.formats.cog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the front of a tiled TIFF: header, then each image's directory followed by its out-of-line values. The
 * tile data follows, at the offsets given. Classic TIFF or BigTIFF, in either byte order.
 */
final class TiffWriter {

    private final ByteOrder order;
    private final boolean big;

    TiffWriter(ByteOrder order, boolean big) {
        this.order = order;
        this.big = big;
    }

    /**
     * Whether a file of these images and tiles needs BigTIFF: classic TIFF addresses at most 4 GiB.
     *
     * @param tileBytes the bytes of all tiles together
     */
    static boolean needsBigTiff(ByteOrder order, List<TiffImage> images, long tileBytes) {
        long front = new TiffWriter(order, false).front(images, zeros(images), zeros(images)).length;
        return front + tileBytes > 0xffffffffL;
    }

    private static List<long[]> zeros(List<TiffImage> images) {
        return images.stream().map(i -> new long[(int) i.tileCount()]).toList();
    }

    /** Size of {@link #front} for these images: it does not depend on the tile offsets. */
    int frontSize(List<TiffImage> images) {
        return front(images, zeros(images), zeros(images)).length;
    }

    /** Header and directories; {@code offsets.get(i)} and {@code lengths.get(i)} are image i's tiles in TileOffsets order. */
    byte[] front(List<TiffImage> images, List<long[]> offsets, List<long[]> lengths) {
        List<List<TiffTag>> dirs = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            dirs.add(fields(images.get(i), offsets.get(i), lengths.get(i)));
        }
        int header = big ? 16 : 8;
        long size = header;
        long[] at = new long[dirs.size()];
        for (int i = 0; i < dirs.size(); i++) {
            at[i] = size;
            size += directorySize(dirs.get(i));
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("TIFF directories of " + size + " bytes are too large");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(order);
        b.put((byte) (order == ByteOrder.BIG_ENDIAN ? 'M' : 'I')).put((byte) (order == ByteOrder.BIG_ENDIAN ? 'M' : 'I'));
        if (big) {
            b.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(at[0]);
        } else {
            b.putShort((short) 42).putInt((int) at[0]);
        }
        for (int i = 0; i < dirs.size(); i++) {
            writeDirectory(b, dirs.get(i), at[i], i + 1 < dirs.size() ? at[i + 1] : 0);
        }
        return b.array();
    }

    private List<TiffTag> fields(TiffImage im, long[] offsets, long[] lengths) {
        List<TiffTag> f = new ArrayList<>();
        f.add(TiffTag.ofLongs(Tiff.NEW_SUBFILE_TYPE, new long[] {im.subfileType()}, false, order));
        f.add(TiffTag.ofLongs(Tiff.IMAGE_WIDTH, new long[] {im.width()}, false, order));
        f.add(TiffTag.ofLongs(Tiff.IMAGE_LENGTH, new long[] {im.height()}, false, order));
        f.add(TiffTag.ofShorts(Tiff.BITS_PER_SAMPLE, im.bitsPerSample(), order));
        f.add(TiffTag.ofShorts(Tiff.COMPRESSION, new int[] {im.compression()}, order));
        if (im.photometric() >= 0) {
            f.add(TiffTag.ofShorts(Tiff.PHOTOMETRIC, new int[] {im.photometric()}, order));
        }
        f.add(TiffTag.ofShorts(Tiff.SAMPLES_PER_PIXEL, new int[] {im.samplesPerPixel()}, order));
        f.add(TiffTag.ofShorts(Tiff.PLANAR_CONFIG, new int[] {im.planarConfig()}, order));
        if (im.predictor() != 1) {
            f.add(TiffTag.ofShorts(Tiff.PREDICTOR, new int[] {im.predictor()}, order));
        }
        f.add(TiffTag.ofLongs(Tiff.TILE_WIDTH, new long[] {im.tileWidth()}, false, order));
        f.add(TiffTag.ofLongs(Tiff.TILE_LENGTH, new long[] {im.tileHeight()}, false, order));
        f.add(TiffTag.ofLongs(Tiff.TILE_OFFSETS, offsets, big, order));
        f.add(TiffTag.ofLongs(Tiff.TILE_BYTE_COUNTS, lengths, big, order));
        if (im.sampleFormat() != null) {
            f.add(TiffTag.ofShorts(Tiff.SAMPLE_FORMAT, im.sampleFormat(), order));
        }
        if (im.jpegTables() != null) {
            f.add(new TiffTag(Tiff.JPEG_TABLES, Tiff.UNDEFINED, im.jpegTables().length, im.jpegTables()));
        }
        if (im.extra() != null) {
            for (TiffTag t : im.extra()) {
                f.add(big ? t : t.narrowed(order));
            }
        }
        GeoTags g = im.geo();
        if (g != null) {
            addDoubles(f, Tiff.MODEL_PIXEL_SCALE, g.pixelScale());
            addDoubles(f, Tiff.MODEL_TIEPOINT, g.tiepoints());
            addDoubles(f, Tiff.MODEL_TRANSFORMATION, g.transformation());
            if (g.keys() != null) {
                f.add(TiffTag.ofShorts(Tiff.GEO_KEY_DIRECTORY, g.keys(), order));
            }
            addDoubles(f, Tiff.GEO_DOUBLE_PARAMS, g.doubles());
            if (g.ascii() != null) {
                f.add(TiffTag.ofAscii(Tiff.GEO_ASCII_PARAMS, g.ascii()));
            }
        }
        if (im.gdalMetadata() != null) {
            f.add(TiffTag.ofAscii(Tiff.GDAL_METADATA, im.gdalMetadata()));
        }
        if (im.nodata() != null) {
            f.add(TiffTag.ofAscii(Tiff.GDAL_NODATA, im.nodata()));
        }
        f.sort(Comparator.comparingInt(TiffTag::tag));
        for (int i = 1; i < f.size(); i++) {
            if (f.get(i).tag() == f.get(i - 1).tag()) {
                throw new IllegalArgumentException("tag " + f.get(i).tag() + " given twice");
            }
        }
        return f;
    }

    private void addDoubles(List<TiffTag> f, int tag, double[] v) {
        if (v != null) {
            f.add(TiffTag.ofDoubles(tag, v, order));
        }
    }

    private int inline() {
        return big ? 8 : 4;
    }

    private long directorySize(List<TiffTag> fields) {
        long size = (big ? 8 : 2) + (long) fields.size() * (big ? 20 : 12) + (big ? 8 : 4);
        for (TiffTag t : fields) {
            if (t.value().length > inline()) {
                size += align(t.value().length);
            }
        }
        return size;
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    private void writeDirectory(ByteBuffer b, List<TiffTag> fields, long at, long next) {
        b.position((int) at);
        long values = at + (big ? 8 : 2) + (long) fields.size() * (big ? 20 : 12) + (big ? 8 : 4);
        if (big) {
            b.putLong(fields.size());
        } else {
            b.putShort((short) fields.size());
        }
        List<TiffTag> outOfLine = new ArrayList<>();
        for (TiffTag t : fields) {
            b.putShort((short) t.tag()).putShort((short) t.type());
            if (big) {
                b.putLong(t.count());
            } else {
                b.putInt((int) t.count());
            }
            if (t.value().length <= inline()) {
                byte[] v = new byte[inline()];
                System.arraycopy(t.value(), 0, v, 0, t.value().length);
                b.put(v);
            } else {
                if (big) {
                    b.putLong(values);
                } else {
                    b.putInt((int) values);
                }
                outOfLine.add(t);
                values += align(t.value().length);
            }
        }
        if (big) {
            b.putLong(next);
        } else {
            b.putInt((int) next);
        }
        for (TiffTag t : outOfLine) {
            b.put(t.value());
            b.position((int) (b.position() + align(t.value().length) - t.value().length));
        }
    }
}
