package io.dataplug.core.formats.lines;

import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.Params;
import java.util.List;
import java.util.Map;

/**
 * Raw text: records are lines ending with {@code \n} ({@code \r\n} too; a last line may lack it). Bytes are
 * never decoded. See docs/formats/text.md.
 */
public final class TextFormat extends LinesFormat {

    @Override
    public String name() {
        return "text";
    }

    @Override
    public String description() {
        return "raw text; records are lines (LF or CRLF), passed through byte for byte";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of(SPAN_OPTION, INDEX_OPTION);
    }

    @Override
    protected LineSyntax syntax(Params options) {
        return LineSyntax.LINES;
    }

    @Override
    protected boolean header(Params options) {
        return false;
    }

    @Override
    protected boolean headerOnly(Params options) {
        return indexMode(options);
    }

    @Override
    protected Map<String, Long> attributes(LineIndex index, Params options) {
        return index.recordsKnown() ? Map.of("lines", index.records()) : Map.of();
    }
}
