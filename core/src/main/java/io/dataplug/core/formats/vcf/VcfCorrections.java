package io.dataplug.core.formats.vcf;

import io.dataplug.core.slice.Corrections;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.util.OptionalField;
import java.util.List;

/**
 * The corrections of a VCF slice part: the header to write first, and the data lines the part owns. Positions
 * are byte offsets for {@code vcf} and BGZF virtual offsets for {@code vcf-bgzip}.
 *
 * @param header       {@code vcf-bgzip}: URI of the header side file ({@code header.vcf}) under the slice's metadata
 *                     root; absent for plain {@code vcf}, whose header is the object's first {@code headerLength} bytes
 *                     (manifests made before this was so still name one, which is checked but not read)
 * @param headerLength the header's length in bytes
 * @param from         position of the first line read (a checkpoint: a known data-line start)
 * @param to           the part owns the lines starting before this position
 * @param contig       with {@code regions}: the contig every line must be on
 * @param first        with {@code regions bp=n}: the POS window {@code [first, last]} the lines written lie in
 */
record VcfCorrections(@OptionalField String header, long headerLength, long from, long to, @OptionalField String contig,
                      @OptionalField Long first, @OptionalField Long last) implements Corrections {

    /** The largest header evaluation holds in memory. */
    static final long MAX_HEADER = Integer.MAX_VALUE - 8;

    @Override
    public List<String> sideFiles() {
        return header == null ? List.of() : List.of(header);
    }

    @Override
    public void validate(SlicePart<?> part) {
        Corrections.require(header == null || !header.isEmpty(), "header is empty");
        Corrections.require(headerLength >= 0 && headerLength <= MAX_HEADER, "headerLength " + headerLength + " is out of range");
        Corrections.require(0 <= from && from <= to, "lines [" + from + ", " + to + ") are not in order");
        Corrections.require((first == null) == (last == null), "first and last go together");
        if (first != null) {
            Corrections.require(contig != null, "a POS window needs its contig");
            Corrections.require(0 <= first && first <= last, "POS window [" + first + ", " + last + "] is empty");
        }
    }
}
