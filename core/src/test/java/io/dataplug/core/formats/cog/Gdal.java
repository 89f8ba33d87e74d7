package io.dataplug.core.formats.cog;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GDAL (Debian {@code gdal-bin} and {@code python3-gdal}) as the independent reader and writer of the cog tests:
 * synthetic rasters turned into GeoTIFFs by {@code gdal_translate}, and what GDAL sees in a file or a window
 * ({@code gdal_facts.py}). Tests without GDAL are skipped; CI installs it with {@code .ci/install-tools}.
 */
public final class Gdal {

    /** Debian's python, the one python3-gdal is built for (the PATH may have another). */
    static final String PYTHON = "/usr/bin/python3";

    private static Boolean available;

    private Gdal() {
    }

    public static synchronized boolean available() {
        if (available == null) {
            available = ExternalTools.has("gdal_translate", "gdalinfo", "gdaladdo") && Files.isExecutable(Path.of(PYTHON))
                    && ExternalTools.exec(null, null, null, PYTHON, "-c", "from osgeo import gdal").exit() == 0;
        }
        return available;
    }

    static void require() {
        assumeTrue(available(), "GDAL is not installed (gdal-bin and python3-gdal; CI installs them with .ci/install-tools)");
    }

    /** Runs a command in {@code dir}; returns its stdout, fails with its stderr. */
    public static String run(Path dir, String... command) {
        return new String(ExternalTools.run(dir, command), StandardCharsets.UTF_8);
    }

    /**
     * What GDAL sees, one answer per request (see gdal_facts.py): {@code file}, optional {@code overview} (the
     * overview index, -1 for full resolution), {@code srcwin} and {@code tiles}.
     */
    static List<JsonNode> facts(Path dir, List<Map<String, Object>> requests) {
        Path script = dir.resolve("gdal_facts.py");
        if (!Files.exists(script)) {
            try (InputStream in = Gdal.class.getResourceAsStream("/cog/gdal_facts.py")) {
                Files.write(script, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonNode out = Json.read(ExternalTools.pipe(Json.bytes(requests), PYTHON, script.toString()), JsonNode.class);
        List<JsonNode> facts = new ArrayList<>();
        out.forEach(facts::add);
        return facts;
    }

    /** GDAL data types of synthetic rasters. */
    public enum Type {
        BYTE("Byte", 1), UINT16("UInt16", 2), FLOAT32("Float32", 4);

        final String gdal;
        final int size;

        Type(String gdal, int size) {
            this.gdal = gdal;
            this.size = size;
        }
    }

    /**
     * Writes a synthetic georeferenced raster (a raw file and a VRT over it, EPSG:32631, 10 m pixels) and returns
     * the VRT: smooth gradients with some noise, different per band, so tiles compress and every window differs.
     * With {@code nodata}, a disc of nodata pixels; with {@code alpha}, a last band that is 0 in a band across the
     * image and 255 elsewhere (for masks); {@code geoTransform} (GDAL's six numbers) replaces the default.
     */
    public static Path synthetic(Path dir, String name, int width, int height, int bands, Type type, Double nodata, boolean alpha,
                                 String geoTransform) {
        int all = bands + (alpha ? 1 : 0);
        ByteBuffer raw = ByteBuffer.allocate(width * height * all * type.size).order(ByteOrder.LITTLE_ENDIAN);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int noise = Integer.hashCode(x * 7919 + y * 104729) * 0x9E3779B1 >>> 27;
                boolean hole = nodata != null && Math.hypot(x - width * 0.3, y - height * 0.6) < Math.min(width, height) * 0.15;
                for (int b = 0; b < all; b++) {
                    double v = b == bands ? (y > height / 3 && y < height / 2 ? 0 : 255)
                            : hole ? nodata : (x * (3 + b) + y * (2 + 2 * b)) % 256 + noise;
                    switch (type) {
                        case BYTE -> raw.put((byte) Math.min(255, (int) v));
                        case UINT16 -> raw.putShort((short) (b == bands ? (int) v : (int) v * 97 + x));
                        case FLOAT32 -> raw.putFloat(hole || b == bands ? (float) v : (float) (Math.sin(x / 40.0) * 100 + y * 0.5 + noise / 8.0));
                    }
                }
            }
        }
        try {
            Files.write(dir.resolve(name + ".raw"), raw.array());
            StringBuilder vrt = new StringBuilder("<VRTDataset rasterXSize=\"" + width + "\" rasterYSize=\"" + height + "\">\n"
                    + "  <SRS>EPSG:32631</SRS>\n  <GeoTransform>" + (geoTransform != null ? geoTransform
                    : "500000, 10, 0, 4600000, 0, -10") + "</GeoTransform>\n");
            for (int b = 0; b < all; b++) {
                vrt.append("  <VRTRasterBand dataType=\"").append(type.gdal).append("\" band=\"").append(b + 1)
                        .append("\" subClass=\"VRTRawRasterBand\">\n");
                if (nodata != null && b < bands) {
                    vrt.append("    <NoDataValue>").append(nodata).append("</NoDataValue>\n");
                }
                if (alpha && b == bands) {
                    vrt.append("    <ColorInterp>Alpha</ColorInterp>\n");
                }
                vrt.append("    <SourceFilename relativetoVRT=\"1\">").append(name).append(".raw</SourceFilename>\n")
                        .append("    <ImageOffset>").append(b * type.size).append("</ImageOffset>\n")
                        .append("    <PixelOffset>").append(all * type.size).append("</PixelOffset>\n")
                        .append("    <LineOffset>").append(width * all * type.size).append("</LineOffset>\n")
                        .append("    <ByteOrder>LSB</ByteOrder>\n  </VRTRasterBand>\n");
            }
            vrt.append("</VRTDataset>\n");
            Path out = dir.resolve(name + ".vrt");
            Files.writeString(out, vrt);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
