package io.dataplug.operator.dev.api;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A resource URL taken apart: {@code /api/v1/namespaces/NS/PLURAL/NAME/SUB} or {@code /apis/G/V/...}; namespace,
 * name and subresource may be null.
 */
record ApiPath(ApiResource type, String namespace, String name, String subresource) {

    static Optional<ApiPath> parse(String path, ApiCatalog catalog) {
        List<String> s = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
        String group;
        String version;
        int at;
        if (s.size() >= 3 && s.get(0).equals("api")) {
            group = "";
            version = s.get(1);
            at = 2;
        } else if (s.size() >= 4 && s.get(0).equals("apis")) {
            group = s.get(1);
            version = s.get(2);
            at = 3;
        } else {
            return Optional.empty();
        }
        List<String> rest = s.subList(at, s.size());
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            Optional<ApiResource> namespaced = catalog.find(group, version, rest.get(2)).filter(ApiResource::namespaced);
            if (namespaced.isPresent()) {
                return namespaced.map(t -> new ApiPath(t, rest.get(1), at(rest, 3), at(rest, 4)));
            }
        }
        return catalog.find(group, version, rest.get(0)).map(t -> new ApiPath(t, null, at(rest, 1), at(rest, 2)));
    }

    private static String at(List<String> l, int i) {
        return i < l.size() ? l.get(i) : null;
    }
}
