"""What GDAL sees in raster files, for the cog interop tests (run with Debian's /usr/bin/python3 + python3-gdal).

Reads a JSON list of requests on stdin and prints a JSON list of facts, one per request:
  {"file": path, "overview": k or -1, "srcwin": [x, y, w, h] or null, "tiles": bool}
With "srcwin", the facts are those of `gdal_translate -of VRT [-oo OVERVIEW_LEVEL=k] -srcwin x y w h file` (in memory);
otherwise those of the file itself. Facts: size, bands, data type, per-band checksums (gdalinfo -checksum),
mask flags and mask checksum, nodata, geotransform, CRS (WKT), block size, image structure metadata, and with
"tiles" the offset and size of every tile (TIFF metadata domain) of the file, or of the window in the source.
The script only reports; the Java test compares.
"""
import json
import sys

from osgeo import gdal

gdal.UseExceptions()


def open_level(path, overview):
    opts = ["OVERVIEW_LEVEL=%d" % overview] if overview >= 0 else []
    return gdal.OpenEx(path, gdal.OF_RASTER, open_options=opts)


def tiles(path, overview, x0, y0, w, h):
    """Offset and size of each tile covering the window, per band for band-interleaved files, else band 1."""
    ds = gdal.Open(path)
    interleave = ds.GetMetadataItem("INTERLEAVE", "IMAGE_STRUCTURE")
    out = []
    for b in range(1, ds.RasterCount + 1) if interleave == "BAND" else [1]:
        band = ds.GetRasterBand(b)
        if overview >= 0:
            band = band.GetOverview(overview)
        bw, bh = band.GetBlockSize()
        for ty in range((h + bh - 1) // bh):
            for tx in range((w + bw - 1) // bw):
                key = "_%d_%d" % (x0 // bw + tx, y0 // bh + ty)
                off = band.GetMetadataItem("BLOCK_OFFSET" + key, "TIFF")
                size = band.GetMetadataItem("BLOCK_SIZE" + key, "TIFF")
                out.append([int(off or 0), int(size or 0)])
    return out


def facts(req):
    src = open_level(req["file"], req.get("overview", -1))
    win = req.get("srcwin")
    ds = gdal.Translate("/vsimem/window.vrt", src, srcWin=win, format="VRT") if win else src
    band1 = ds.GetRasterBand(1)
    mask = band1.GetMaskBand()
    srs = ds.GetSpatialRef()
    f = {
        "width": ds.RasterXSize,
        "height": ds.RasterYSize,
        "bands": ds.RasterCount,
        "type": gdal.GetDataTypeName(band1.DataType),
        "checksums": [ds.GetRasterBand(b).Checksum() for b in range(1, ds.RasterCount + 1)],
        "maskFlags": band1.GetMaskFlags(),
        "maskChecksum": mask.Checksum() if band1.GetMaskFlags() == gdal.GMF_PER_DATASET else None,
        "nodata": None if band1.GetNoDataValue() is None else repr(band1.GetNoDataValue()),
        "geotransform": list(ds.GetGeoTransform(can_return_null=True) or []),
        "crs": srs.ExportToWkt() if srs else None,
        "block": list(band1.GetBlockSize()),
        "overviews": band1.GetOverviewCount(),
        "structure": ds.GetMetadata("IMAGE_STRUCTURE"),
        "metadata": ds.GetMetadata(),
    }
    if req.get("tiles"):
        overview = req.get("overview", -1)
        f["tiles"] = tiles(req["file"], overview, *win) if win else tiles(req["file"], -1, 0, 0, ds.RasterXSize,
                                                                            ds.RasterYSize)
    if win:
        ds = None
        gdal.Unlink("/vsimem/window.vrt")
    return f


print(json.dumps([facts(r) for r in json.load(sys.stdin)]))
