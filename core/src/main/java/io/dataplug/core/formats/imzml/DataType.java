package io.dataplug.core.formats.imzml;

/** The binary data types of imzML arrays (the IMS integer terms are copies of the PSI-MS ones). */
enum DataType {
    FLOAT32("Float32", 4, "MS:1000521"),
    FLOAT64("Float64", 8, "MS:1000523"),
    INT32("Int32", 4, "MS:1000519", "IMS:1000141"),
    INT64("Int64", 8, "MS:1000522", "IMS:1000142");

    private final String label;
    private final int bytes;
    private final String[] accessions;

    DataType(String label, int bytes, String... accessions) {
        this.label = label;
        this.bytes = bytes;
        this.accessions = accessions;
    }

    /** Short name used in attributes, e.g. {@code Float32}. */
    String label() {
        return label;
    }

    int bytes() {
        return bytes;
    }

    /** The type an accession names, or null. */
    static DataType of(String accession) {
        for (DataType t : values()) {
            for (String a : t.accessions) {
                if (a.equals(accession)) {
                    return t;
                }
            }
        }
        return null;
    }
}
