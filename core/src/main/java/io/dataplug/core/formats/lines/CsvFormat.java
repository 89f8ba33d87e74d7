package io.dataplug.core.formats.lines;

import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.ParamType;
import io.dataplug.core.format.Params;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CSV (and TSV and other separators), RFC 4180: quoted fields may hold separators, quotes ({@code ""}) and line
 * breaks, and a slice is never cut inside one. With {@code header=true} (the default) the first record of each
 * object is its header and every slice starts with it. See docs/formats/csv.md.
 */
public final class CsvFormat extends LinesFormat {

    private static final List<ParamSpec> OPTIONS = List.of(
            ParamSpec.optional("separator", ParamType.CHAR, ",", "field separator, one ASCII character ('tab' or '\\t' for TSV)"),
            ParamSpec.optional("header", ParamType.BOOLEAN, "true", "the first record of each object is a header"),
            ParamSpec.optional("quote", ParamType.CHAR, "\"", "quote character, one ASCII character; 'none' disables quoting"),
            SPAN_OPTION);

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public String description() {
        return "CSV/TSV (RFC 4180 quoting, optional header); records are rows, passed through byte for byte";
    }

    @Override
    public List<ParamSpec> options() {
        return OPTIONS;
    }

    @Override
    protected LineSyntax syntax(Params options) {
        return LineSyntax.csv(options.getChar("separator"), options.getChar("quote"), "format csv");
    }

    @Override
    protected boolean header(Params options) {
        return options.getBoolean("header");
    }

    @Override
    protected Map<String, Long> attributes(LineIndex index, Params options) {
        Map<String, Long> a = new TreeMap<>();
        boolean header = header(options);
        a.put("rows", header ? Math.max(0, index.records() - 1) : index.records());
        a.put("headerBytes", index.headerBytes());
        return a;
    }
}
