package io.dataplug.operator.testing;

import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Renders {@code deploy/helm/dataplug-operator} with Helm's own engine (helm-java: Helm's Go code as a native library,
 * shipped for linux-amd64 by the test dependency): the templates as {@code helm template} prints them, plus the
 * chart's {@code crds/} as {@code helm install} applies them.
 */
public final class HelmChart {

    public static final Path DIR = RepoRoot.get().resolve("deploy/helm/dataplug-operator");
    public static final String RELEASE = "dataplug-operator";
    public static final String NAMESPACE = "dataplug-system";

    private HelmChart() {
    }

    /** Skips the calling test where helm-java has no native library (it ships linux-amd64 only here). */
    public static void assumeAvailable() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        Assumptions.assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")),
                "helm-java's native Helm library is a linux-amd64 test dependency; this is " + os + "/" + arch);
    }

    /** What {@code helm template} prints for these values ({@code --set} paths), CRDs excluded. */
    public static String template(Map<String, Object> values) {
        var t = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(t::set);
        return t.call();
    }

    public static String crds() {
        return new Helm(DIR).show().crds().call();
    }

    /** The objects a release with these values creates: CRDs and templates, each named after where it came from. */
    public static List<ManifestDocs.Doc> objects(Map<String, Object> values) {
        List<ManifestDocs.Doc> docs = new ArrayList<>(ManifestDocs.parse("helm show crds", crds()));
        docs.addAll(ManifestDocs.parse("helm template " + values, template(values)));
        return docs;
    }

    /**
     * {@code helm lint}'s errors. Not {@code --strict}: helm-java lints without a release namespace, so the Namespace
     * template's name is empty there and lint warns about it.
     */
    public static List<String> lintErrors() {
        var r = new Helm(DIR).lint().call();
        List<String> errors = new ArrayList<>(r.getMessages().stream().filter(m -> m.startsWith("[ERROR]")).toList());
        if (r.isFailed() && errors.isEmpty()) {
            errors.add("helm lint failed: " + r.getMessages());
        }
        return errors;
    }
}
