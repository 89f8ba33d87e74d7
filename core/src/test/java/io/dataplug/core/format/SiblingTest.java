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
        Format<?, ?, ?> imzml = new io.dataplug.core.formats.imzml.ImzmlFormat();
        assertThat(imzml.siblings()).containsExactly(ibd);
        assertThat(imzml.isCompanion("p/X.ibd")).isTrue();
        assertThat(imzml.isCompanion("p/X.IBD")).isTrue();
        assertThat(imzml.isCompanion("p/X.imzML")).isFalse();
    }
}
