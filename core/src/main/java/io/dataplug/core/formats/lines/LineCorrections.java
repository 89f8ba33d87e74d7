package io.dataplug.core.formats.lines;

import io.dataplug.core.slice.Corrections;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.util.OptionalField;

/**
 * The corrections of a line-oriented slice part (text, csv): the part owns the records that start in
 * {@code [ownStart, ownEnd)}; the first part of a slice carries the header to repeat.
 *
 * @param ownStart    first byte of the owned range
 * @param ownEnd      end of the owned range (exclusive)
 * @param resumeAt    a known record start after the first owned record: bytes up to it are copied without parsing
 * @param header      the header record, inline (base64 in JSON), when short
 * @param headerBytes otherwise the header's length: it is read from the start of the part's object
 */
record LineCorrections(long ownStart, long ownEnd, @OptionalField Long resumeAt, @OptionalField byte[] header,
                       @OptionalField Long headerBytes) implements Corrections {

    static LineCorrections own(long start, long end) {
        return new LineCorrections(start, end, null, null, null);
    }

    LineCorrections resumingAt(long offset) {
        return new LineCorrections(ownStart, ownEnd, offset, header, headerBytes);
    }

    LineCorrections withHeader(byte[] inline, long length) {
        return inline != null ? new LineCorrections(ownStart, ownEnd, resumeAt, inline, null)
                : new LineCorrections(ownStart, ownEnd, resumeAt, null, length);
    }

    @Override
    public void validate(SlicePart<?> part) {
        long size = part.object().size();
        Corrections.require(0 <= ownStart && ownStart <= ownEnd && ownEnd <= size, "owned range [" + ownStart + ", "
                + ownEnd + ") is not inside the object (" + size + " bytes)");
        if (ownStart < ownEnd) {
            Corrections.require(part.start() < ownEnd && ownEnd <= part.end(), "the part [" + part.start() + ", "
                    + part.end() + ") does not cover the end of its owned range [" + ownStart + ", " + ownEnd + ")");
        }
        if (resumeAt != null) {
            Corrections.require(part.start() < resumeAt && resumeAt <= part.end(), "resumeAt " + resumeAt
                    + " is not inside the part [" + part.start() + ", " + part.end() + ")");
        }
        Corrections.require(header == null || headerBytes == null, "both header and headerBytes are given");
        Corrections.require(header == null || header.length > 0, "header is empty");
        Corrections.require(headerBytes == null || (headerBytes > 0 && headerBytes <= ownStart), "headerBytes "
                + headerBytes + " is not a header before the owned range (from " + ownStart + ")");
    }
}
