package io.dataplug.core.formats.imzml;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.FormatTypes;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.ParamType;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.format.Sibling;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.format.StrategySpec;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * imzML mass-spectrometry imaging: an {@code X.imzML} XML document (metadata, and per spectrum its pixel and where
 * its m/z and intensity arrays are) with its binary sibling {@code X.ibd} (a 16-byte UUID, then the arrays).
 * Datasets list the .imzML objects; the .ibd of each is a {@link Sibling}, pinned by its ETag like the .imzML.
 *
 * <p>Preprocessing streams the XML with StAX in parallel chunks ({@link ChunkScan}); finalize checks the pair and
 * keeps one row per spectrum in two column side files ({@link Tables}). Strategies: {@code chunks} (consecutive
 * spectra balanced by the bytes of their arrays) and {@code grid} (cells of the pixel grid). A slice evaluates to one
 * tar stream holding a valid imzML pair of exactly its spectra ({@link SliceWriter}). See docs/formats/imzml.md.
 */
public final class ImzmlFormat implements Format<ImzmlIndex, ImzmlChunk, ImzmlPart> {

    public static final String NAME = "imzml";
    static final Sibling IBD = new Sibling(IndexBuilder.IBD, ".imzML", ".ibd");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "imzML mass-spectrometry imaging (.imzML with its .ibd, continuous or processed); a slice is an "
                + "imzML pair of its spectra in one tar stream";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of();
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.CHUNKED;
    }

    @Override
    public FormatTypes<ImzmlIndex, ImzmlChunk, ImzmlPart> types() {
        return FormatTypes.chunked(ImzmlIndex.class, ImzmlChunk.class, ImzmlPart.class);
    }

    @Override
    public List<Sibling> siblings() {
        return List.of(IBD);
    }

    @Override
    public ImzmlChunk indexChunk(IndexingContext ctx, long start, long end) throws IOException {
        return ChunkScan.scan(ctx, start, end);
    }

    @Override
    public ObjectIndex<ImzmlIndex> buildIndex(IndexingContext ctx, List<ImzmlChunk> chunkResults) throws IOException {
        List<ImzmlChunk> chunks = new ArrayList<>(chunkResults);
        if (chunks.isEmpty()) { // indexed as one task: one chunk over the whole object
            chunks.add(ChunkScan.scan(ctx, 0, ctx.source().size()));
        }
        return IndexBuilder.build(ctx, chunks);
    }

    @Override
    public List<StrategySpec> strategies() {
        return List.of(
                new StrategySpec("chunks", "consecutive spectra balanced by the bytes of their arrays (a continuous file's "
                        + "shared m/z array counted once per slice); at least one slice per object",
                        List.of(ParamSpec.required("count", ParamType.INT, "number of slices wanted; at most one per spectrum"))),
                new StrategySpec("grid", "rows x cols cells over each object's pixel grid; one slice per cell that holds spectra",
                        List.of(ParamSpec.required("rows", ParamType.INT, "cells along y"),
                                ParamSpec.required("cols", ParamType.INT, "cells along x"))));
    }

    @Override
    public List<List<SlicePart<ImzmlPart>>> partition(PartitionRequest<ImzmlIndex> request) {
        Params p = request.params();
        String what = "strategy " + request.strategy() + " of format " + NAME;
        ImzmlPartitioner partitioner = new ImzmlPartitioner(request);
        return switch (request.strategy()) {
            case "chunks" -> {
                Params.requireAtLeast("count", p.getInt("count"), 1, what);
                yield partitioner.chunks(p.getInt("count"));
            }
            case "grid" -> {
                Params.requireAtLeast("rows", p.getInt("rows"), 1, what);
                Params.requireAtLeast("cols", p.getInt("cols"), 1, what);
                yield partitioner.grid(p.getInt("rows"), p.getInt("cols"));
            }
            default -> throw new InvalidRequestException("unknown strategy " + request.strategy());
        };
    }

    @Override
    public void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        SliceWriter.write(ctx, slice, out, SliceWriter.XML_BUFFER);
        out.flush();
    }
}
