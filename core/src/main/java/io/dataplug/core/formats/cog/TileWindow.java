package io.dataplug.core.formats.cog;

import java.util.ArrayList;
import java.util.List;

/**
 * A block of whole tiles of one resolution level: columns {@code [col, col + cols)} and rows
 * {@code [row, row + rows)} of the level's tile grid.
 */
record TileWindow(int level, long col, long row, long cols, long rows) {

    /** The pixel window of this block on a {@code width} x {@code height} level: x, y, width, height. */
    long[] pixels(TiffImage level) {
        long x = col * level.tileWidth();
        long y = row * level.tileHeight();
        return new long[] {x, y, Math.min(cols * level.tileWidth(), level.width() - x),
            Math.min(rows * level.tileHeight(), level.height() - y)};
    }

    /**
     * {@code rows} x {@code cols} blocks covering the level's tile grid, row-major, whose sizes differ by at most
     * one tile; more blocks than tiles gives one tile per block.
     */
    static List<TileWindow> grid(int levelNumber, TiffImage level, long rows, long cols) {
        long down = level.tilesDown();
        long across = level.tilesAcross();
        long r = Math.min(rows, down);
        long c = Math.min(cols, across);
        List<TileWindow> out = new ArrayList<>();
        for (long i = 0; i < r; i++) {
            long r0 = cut(down, r, i);
            long r1 = cut(down, r, i + 1);
            for (long j = 0; j < c; j++) {
                long c0 = cut(across, c, j);
                out.add(new TileWindow(levelNumber, c0, r0, cut(across, c, j + 1) - c0, r1 - r0));
            }
        }
        return out;
    }

    /** Blocks of {@code width} x {@code height} pixels rounded up to whole tiles, row-major; the last ones are cut by the image edge. */
    static List<TileWindow> windows(int levelNumber, TiffImage level, long width, long height) {
        long tilesX = tilesAcross(level, width);
        long tilesY = tilesDown(level, height);
        List<TileWindow> out = new ArrayList<>();
        for (long r0 = 0; r0 < level.tilesDown(); r0 += tilesY) {
            for (long c0 = 0; c0 < level.tilesAcross(); c0 += tilesX) {
                out.add(new TileWindow(levelNumber, c0, r0, Math.min(tilesX, level.tilesAcross() - c0),
                        Math.min(tilesY, level.tilesDown() - r0)));
            }
        }
        return out;
    }

    /** How many windows {@link #grid} makes, without making them. */
    static long gridCount(TiffImage level, long rows, long cols) {
        return Math.min(rows, level.tilesDown()) * Math.min(cols, level.tilesAcross());
    }

    /** How many windows {@link #windows} makes, without making them. */
    static long windowCount(TiffImage level, long width, long height) {
        return TiffImage.ceilDiv(level.tilesDown(), tilesDown(level, height))
                * TiffImage.ceilDiv(level.tilesAcross(), tilesAcross(level, width));
    }

    /** Tiles across a window {@code width} pixels wide, at most the level's. */
    private static long tilesAcross(TiffImage level, long width) {
        return Math.min(TiffImage.ceilDiv(width, level.tileWidth()), level.tilesAcross());
    }

    /** Tiles down a window {@code height} pixels high, at most the level's. */
    private static long tilesDown(TiffImage level, long height) {
        return Math.min(TiffImage.ceilDiv(height, level.tileHeight()), level.tilesDown());
    }

    /** Start of block {@code i} of {@code n} over {@code total} tiles (at most {@link TiffImage#MAX_TILES}: no overflow). */
    private static long cut(long total, long n, long i) {
        return i * total / n;
    }
}
