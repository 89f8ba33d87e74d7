package io.dataplug.operator.testing;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingList;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleList;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingList;
import io.fabric8.kubernetes.api.model.rbac.RoleList;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Sits in front of the mock API's CRUD dispatcher: it can make chosen requests fail (a crash or outage at an exact
 * step), and it authorizes the requests of chosen identities (a client's bearer token standing for a service
 * account) with Kubernetes RBAC, from the Roles, ClusterRoles and bindings stored in the mock itself, so that a test
 * applies {@code deploy/}'s RBAC and a tenant's grants as on a cluster and sees exactly what is refused (403).
 * Requests of other clients (the test's own, the local Job runner's) pass unchecked.
 */
public final class ApiGate extends Dispatcher {

    /** One API request, as RBAC sees it. {@code group} is "" for the core group; {@code namespace} null for cluster scope. */
    public record Request(String token, String verb, String group, String resource, String subresource, String namespace,
                          String name, String path) {

        public boolean is(String verb, String resource) {
            return this.verb.equals(verb) && this.resource.equals(resource) && subresource == null;
        }

        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "" : group + "/") + resource + (subresource != null ? "/" + subresource : "")
                    + (name != null ? " " + name : "") + (namespace != null ? " in " + namespace : " (cluster)");
        }
    }

    private record Fault(Predicate<Request> when, AtomicInteger passing, AtomicInteger remaining, int code) {
    }

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final Dispatcher delegate;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, Subject> identities = new ConcurrentHashMap<>();
    private final List<Request> denied = new CopyOnWriteArrayList<>();
    private final List<Request> seen = new CopyOnWriteArrayList<>();

    public ApiGate(Dispatcher delegate) {
        this.delegate = delegate;
    }

    /** Requests with {@code Authorization: Bearer <token>} are the service account's, and checked with RBAC. */
    public void identify(String token, String namespace, String serviceAccount) {
        identities.put(token, new Subject(null, "ServiceAccount", serviceAccount, namespace));
    }

    /** The next {@code times} requests matching {@code when} fail with {@code code} (before RBAC and the store). */
    public void fail(Predicate<Request> when, int times, int code) {
        fail(when, 0, times, code);
    }

    /** As {@link #fail(Predicate, int, int)}, after letting the first {@code pass} matching requests through. */
    public void fail(Predicate<Request> when, int pass, int times, int code) {
        faults.add(new Fault(when, new AtomicInteger(pass), new AtomicInteger(times), code));
    }

    /** Removes every injected failure. */
    public void clearFaults() {
        faults.clear();
    }

    /** Requests refused by RBAC so far. */
    public List<Request> denied() {
        return List.copyOf(denied);
    }

    /** Requests of identified clients so far (allowed or not). */
    public List<Request> seen() {
        return List.copyOf(seen);
    }

    @Override
    public MockResponse dispatch(RecordedRequest r) {
        Request q = parse(r);
        for (Fault f : faults) {
            if (q != null && f.when().test(q) && f.passing().getAndDecrement() <= 0 && f.remaining().getAndDecrement() > 0) {
                return status(f.code(), "InternalError", "injected failure of " + q);
            }
        }
        Subject who = q == null || q.token() == null ? null : identities.get(q.token());
        if (who != null) {
            seen.add(q);
            if (q.resource() != null && !allowed(who, q)) {
                denied.add(q);
                return status(403, "Forbidden", q.resource() + (q.name() != null ? " \"" + q.name() + "\"" : "") + " is forbidden: User "
                        + "\"system:serviceaccount:" + who.getNamespace() + ":" + who.getName() + "\" cannot " + q.verb()
                        + " resource \"" + q.resource() + "\" in API group \"" + q.group() + "\""
                        + (q.namespace() != null ? " in the namespace \"" + q.namespace() + "\"" : " at the cluster scope"));
            }
        }
        return delegate.dispatch(r);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    private boolean allowed(Subject who, Request q) {
        for (var b : read("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", ClusterRoleBindingList.class).getItems()) {
            if (binds(b.getSubjects(), who) && rules(b.getRoleRef(), null).stream().anyMatch(rule -> matches(rule, q))) {
                return true;
            }
        }
        if (q.namespace() == null) {
            return false;
        }
        for (RoleBinding b : read("/apis/rbac.authorization.k8s.io/v1/namespaces/" + q.namespace() + "/rolebindings",
                RoleBindingList.class).getItems()) {
            if (binds(b.getSubjects(), who) && rules(b.getRoleRef(), q.namespace()).stream().anyMatch(rule -> matches(rule, q))) {
                return true;
            }
        }
        return false;
    }

    private static boolean binds(List<Subject> subjects, Subject who) {
        return subjects != null && subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
                && who.getName().equals(s.getName()) && who.getNamespace().equals(s.getNamespace()));
    }

    private List<PolicyRule> rules(RoleRef ref, String namespace) {
        List<PolicyRule> rules = new ArrayList<>();
        if ("ClusterRole".equals(ref.getKind())) {
            read("/apis/rbac.authorization.k8s.io/v1/clusterroles", ClusterRoleList.class).getItems().stream()
                    .filter(r -> r.getMetadata().getName().equals(ref.getName())).forEach(r -> rules.addAll(r.getRules()));
        } else if (namespace != null) {
            read("/apis/rbac.authorization.k8s.io/v1/namespaces/" + namespace + "/roles", RoleList.class).getItems().stream()
                    .filter(r -> r.getMetadata().getName().equals(ref.getName())).forEach(r -> rules.addAll(r.getRules()));
        }
        return rules;
    }

    private static boolean matches(PolicyRule rule, Request q) {
        String target = q.subresource() == null ? q.resource() : q.resource() + "/" + q.subresource();
        return any(rule.getApiGroups(), q.group()) && any(rule.getResources(), target) && any(rule.getVerbs(), q.verb())
                && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                || q.name() != null && rule.getResourceNames().contains(q.name()));
    }

    private static boolean any(List<String> allowed, String value) {
        return allowed != null && (allowed.contains("*") || allowed.contains(value));
    }

    /** Reads from the store directly (the gate runs on the server's thread: no client round trip). */
    private <T> T read(String path, Class<T> type) {
        MockResponse resp = delegate.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path, Headers.builder().build(), new Buffer()));
        return JSON.unmarshal(resp.getBody().readUtf8(), type);
    }

    /** The RBAC view of a request; resource null for non-resource paths (discovery, /version). */
    static Request parse(RecordedRequest r) {
        String full = r.getPath();
        int qm = full.indexOf('?');
        String path = qm < 0 ? full : full.substring(0, qm);
        String query = qm < 0 ? "" : full.substring(qm + 1);
        String auth = r.getHeader("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()).strip() : null;
        List<String> seg = new ArrayList<>(List.of(path.replaceAll("^/+|/+$", "").split("/")));
        String group;
        if (seg.size() >= 2 && seg.get(0).equals("api")) {
            group = "";
            seg = seg.subList(2, seg.size());
        } else if (seg.size() >= 3 && seg.get(0).equals("apis")) {
            group = seg.get(1);
            seg = seg.subList(3, seg.size());
        } else {
            return new Request(token, r.getMethod(), "", null, null, null, null, full);
        }
        String ns = null;
        if (seg.size() >= 3 && seg.get(0).equals("namespaces")) {
            ns = seg.get(1);
            seg = seg.subList(2, seg.size());
        }
        if (seg.isEmpty()) {
            return new Request(token, r.getMethod(), group, null, null, ns, null, full);
        }
        String resource = seg.get(0);
        String name = seg.size() > 1 ? seg.get(1) : null;
        String sub = seg.size() > 2 ? seg.get(2) : null;
        boolean watch = query.matches("(^|.*&)watch=(true|1)(&.*|$)");
        String verb = switch (Objects.requireNonNullElse(r.getMethod(), "GET").toUpperCase()) {
            case "GET" -> watch ? "watch" : name != null ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> r.getMethod().toLowerCase();
        };
        return new Request(token, verb, group, resource, sub, ns, name, full);
    }

    private static MockResponse status(int code, String reason, String message) {
        String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + JSON.asJson(message) + ",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }
}
