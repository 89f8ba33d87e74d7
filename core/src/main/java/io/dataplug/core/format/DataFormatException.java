package io.dataplug.core.format;

import io.dataplug.core.util.Messages;

/**
 * The data does not match its declared format. The message names the object and where the problem is
 * (byte offset, and line number where one is known), plus a hint when there is one. Control characters
 * quoted from the data are escaped.
 */
public class DataFormatException extends RuntimeException {

    private final String objectUri;
    private final long offset;

    public DataFormatException(String objectUri, long offset, long line, String problem, String hint) {
        // problems quote data: escape control characters so that no byte of the file reaches a terminal raw
        super(Messages.printable(objectUri + " at byte " + offset + (line > 0 ? " (line " + line + ")" : "") + ": " + problem
                + (hint == null ? "" : "; " + hint)));
        this.objectUri = objectUri;
        this.offset = offset;
    }

    public String objectUri() {
        return objectUri;
    }

    public long offset() {
        return offset;
    }
}
