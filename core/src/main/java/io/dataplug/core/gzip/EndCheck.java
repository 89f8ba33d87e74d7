package io.dataplug.core.gzip;

import io.dataplug.core.gzip.GzipFormatException.Kind;

/** Decides, after each {@link GzipDecoder#decode()} of a resumed stream, whether its {@link Until} is reached. */
final class EndCheck {

    private final GzipDecoder d;
    private final Until until;

    EndCheck(GzipDecoder d, Until until) {
        this.d = d;
        this.until = until;
        switch (until) {
            case Until.AtCheckpoint c -> d.candidateAt(c.uncompressedOffset());
            case Until.MemberEnd m -> d.reportMemberEnds();
            case Until.EndOfStream e -> { }
        }
    }

    /**
     * @param result what {@link GzipDecoder#decode()} returned
     * @return whether the stream ends here (the output decoded so far is the last)
     * @throws GzipFormatException when the data does not match the checkpoint it should end at
     */
    boolean reached(int result) throws GzipFormatException {
        return switch (until) {
            case Until.EndOfStream e -> result == GzipDecoder.END;
            case Until.MemberEnd m -> result == GzipDecoder.END
                    || result == GzipDecoder.MEMBER_END && d.compressedPosition() >= m.compressedOffset();
            case Until.AtCheckpoint c -> switch (result) {
                case GzipDecoder.CANDIDATE -> verify(c, d.candidateIsMemberStart(), d.bitPosition());
                // the input ended cleanly between members: right only if that is where the checkpoint is
                case GzipDecoder.END -> verify(c, true, d.compressedPosition() * 8);
                default -> false;
            };
        };
    }

    private boolean verify(Until.AtCheckpoint c, boolean memberStart, long bits) throws GzipFormatException {
        long u = d.uncompressedPosition();
        if (u != c.uncompressedOffset() || bits != c.compressedBitPosition() || memberStart != c.memberStart()) {
            throw new GzipFormatException(Kind.INDEX_MISMATCH, bits >>> 3, "expected " + describe(c.memberStart(),
                    c.compressedBitPosition(), c.uncompressedOffset()) + ", the data has " + describe(memberStart, bits, u));
        }
        if (!memberStart) {
            long length = d.memberPrefixLength();
            if (length != c.memberPrefixLength()) {
                throw new GzipFormatException(Kind.INDEX_MISMATCH, bits >>> 3, "the index says the checkpoint at "
                        + "uncompressed offset " + u + " is " + c.memberPrefixLength() + " bytes into its member, the data "
                        + "has " + length);
            }
            int crc = d.memberCrc();
            if (crc != c.memberPrefixCrc()) {
                throw new GzipFormatException(Kind.CRC_MISMATCH, bits >>> 3, String.format("the member's %d bytes before "
                        + "the checkpoint at uncompressed offset %d: the index says CRC-32 %08x, the data has %08x",
                        length, u, c.memberPrefixCrc(), crc));
            }
        }
        return true;
    }

    private static String describe(boolean memberStart, long bits, long uncompressed) {
        return (memberStart ? "a member start" : "a deflate block boundary") + " at compressed byte " + (bits >>> 3)
                + ((bits & 7) == 0 ? "" : " bit " + (bits & 7)) + ", uncompressed offset " + uncompressed;
    }
}
