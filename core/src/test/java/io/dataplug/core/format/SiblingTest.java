package io.dataplug.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.storage.ObjectLocation;
import org.junit.jupiter.api.Test;

class SiblingTest {

    private final Sibling ibd = new Sibling("ibd", ".imzML", ".ibd");

    @Test
    void theSiblingIsNamedFromTheDataObject() {
        assertThat(ibd.of(ObjectLocation.s3("b", "scans/run 1/X.imzML"))).isEqualTo(ObjectLocation.s3("b", "scans/run 1/X.ibd"));
        assertThat(ibd.of(ObjectLocation.s3("b", "x.IMZML"))).isEqualTo(ObjectLocation.s3("b", "x.ibd"));
        assertThatThrownBy(() -> ibd.of(ObjectLocation.s3("b", "x.xml"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("s3://b/x.xml").hasMessageContaining("must end with .imzML");
    }

    @Test
    void siblingsAreNotDataInAListing() {
        Format f = new Format() {
            public String name() {
                return "t";
            }

            public String description() {
                return "";
            }

            public java.util.List<ParamSpec> options() {
                return java.util.List.of();
            }

            public Preprocessing preprocessing() {
                return Preprocessing.PER_OBJECT;
            }

            public java.util.List<Sibling> siblings() {
                return java.util.List.of(ibd);
            }

            public ObjectIndex buildIndex(IndexingContext ctx, java.util.List<com.fasterxml.jackson.databind.JsonNode> r) {
                return null;
            }

            public java.util.List<StrategySpec> strategies() {
                return java.util.List.of();
            }

            public java.util.List<java.util.List<io.dataplug.core.slice.SlicePart>> partition(PartitionRequest request) {
                return java.util.List.of();
            }

            public void evaluate(SliceContext ctx, io.dataplug.core.slice.Slice slice, java.io.OutputStream out) {
            }
        };
        assertThat(f.isCompanion("p/X.ibd")).isTrue();
        assertThat(f.isCompanion("p/X.IBD")).isTrue();
        assertThat(f.isCompanion("p/X.imzML")).isFalse();
    }
}
