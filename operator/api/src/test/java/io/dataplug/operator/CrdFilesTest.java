package io.dataplug.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.operator.model.Crds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The checked-in {@code crds/} must be exactly what the crd-generator makes from the Java model. After changing the
 * model, regenerate with
 * {@code ./mvnw -pl operator/api -am test -Dtest=CrdFilesTest -Dsurefire.failIfNoSpecifiedTests=false -Ddataplug.crds.update=true}
 * (or copy {@code operator/api/target/classes/META-INF/fabric8/*-v1.yml} to {@code crds/}).
 */
class CrdFilesTest {

    static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
    static final Path CHECKED_IN = Path.of("..", "..", "crds");

    @Test
    void checkedInCrdsMatchTheGeneratedOnes() throws IOException {
        boolean update = Boolean.getBoolean("dataplug.crds.update");
        for (String name : Crds.FILES) {
            String generated = Files.readString(GENERATED.resolve(name));
            Path file = CHECKED_IN.resolve(name);
            if (update) {
                Files.createDirectories(CHECKED_IN);
                Files.writeString(file, generated);
            }
            assertThat(file).as("crds/%s is missing", name).exists();
            assertThat(Files.readString(file))
                    .as("crds/%s is stale: regenerate with ./mvnw -pl operator/api -am test -Dtest=CrdFilesTest "
                            + "-Dsurefire.failIfNoSpecifiedTests=false -Ddataplug.crds.update=true", name)
                    .isEqualTo(generated);
        }
    }

    @Test
    void crdsCarryShortNamesPrinterColumnsAndTheStatusSubresource() throws IOException {
        CustomResourceDefinition cds = load("clouddatasets.dataplug.io-v1.yml");
        assertThat(cds.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(cds.getSpec().getNames().getShortNames()).contains("cds");
        CustomResourceDefinitionVersion v = cds.getSpec().getVersions().get(0);
        assertThat(v.getName()).isEqualTo("v1alpha1");
        assertThat(v.getSubresources().getStatus()).isNotNull();
        assertThat(v.getAdditionalPrinterColumns()).extracting(c -> c.getName())
                .contains("Phase", "Objects", "Size", "Progress", "Age");
        assertThat(v.getSchema().getOpenAPIV3Schema().getProperties().get("spec").getRequired()).contains("format", "source");

        CustomResourceDefinition pt = load("partitionings.dataplug.io-v1.yml");
        assertThat(pt.getSpec().getNames().getShortNames()).contains("pt");
        CustomResourceDefinitionVersion pv = pt.getSpec().getVersions().get(0);
        assertThat(pv.getSubresources().getStatus()).isNotNull();
        assertThat(pv.getAdditionalPrinterColumns()).extracting(c -> c.getName()).contains("Dataset", "Phase", "Slices", "Age");
    }

    private static CustomResourceDefinition load(String name) throws IOException {
        return Serialization.unmarshal(Files.readString(CHECKED_IN.resolve(name)), CustomResourceDefinition.class);
    }
}
