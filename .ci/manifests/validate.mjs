// Validates Kubernetes objects offline. Input (stdin): a JSON array of {"source": "...", "doc": {...}}, the YAML
// documents already parsed. Output (stdout): a JSON array, one entry per input document:
//   {"source", "apiVersion", "kind", "name", "schema", "errors": ["<path>: <problem>", ...]}
// "schema" says what checked the document: "kubernetes-models" (the Kubernetes OpenAPI schemas, built-in kinds),
// "argo-cd" (Argo CD's CRD schemas), "prometheus-operator" (ServiceMonitor and the other monitoring.coreos.com kinds), "crd:<name>" (a CustomResourceDefinition among the input documents), or null
// when nothing knows the kind (reported as an error). Custom resources are checked strictly: unknown fields are
// errors, where the API server would prune them silently. Exit code 0 whenever the input could be read.
import Ajv from "ajv";
import { readFileSync } from "node:fs";

const input = JSON.parse(readFileSync(0, "utf8"));

function groupVersion(apiVersion) {
  const i = apiVersion.lastIndexOf("/");
  return i < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

// x-kubernetes-* keywords are annotations for ajv; object schemas that list their properties reject others.
function strict(schema, root) {
  if (schema === null || typeof schema !== "object") {
    return schema;
  }
  const s = Array.isArray(schema) ? schema.map((x) => strict(x, false)) : {};
  if (Array.isArray(schema)) {
    return s;
  }
  for (const [k, v] of Object.entries(schema)) {
    if (k === "properties" || k === "patternProperties") {
      s[k] = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, strict(ps, false)]));
    } else {
      s[k] = strict(v, false);
    }
  }
  if (root) {
    s.properties = { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" }, ...s.properties };
    s.required = [...new Set([...(s.required ?? []), "apiVersion", "kind", "metadata"])];
  }
  if (s.properties && s.additionalProperties === undefined && s["x-kubernetes-preserve-unknown-fields"] !== true) {
    s.additionalProperties = false;
  }
  return s;
}

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
ajv.addVocabulary(["x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource",
  "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "x-kubernetes-validations"]);

const crds = new Map();
for (const { doc } of input) {
  if (doc?.apiVersion === "apiextensions.k8s.io/v1" && doc?.kind === "CustomResourceDefinition") {
    for (const v of doc.spec?.versions ?? []) {
      const schema = v.schema?.openAPIV3Schema;
      if (schema) {
        crds.set(`${doc.spec.group}/${v.name}/${doc.spec.names.kind}`, { name: doc.metadata.name, check: ajv.compile(strict(schema, true)) });
      }
    }
  }
}

function describe(errors) {
  return (errors ?? []).map((e) => {
    const extra = e.keyword === "additionalProperties" ? ` '${e.params.additionalProperty}'`
      : e.keyword === "enum" ? ` ${JSON.stringify(e.params.allowedValues)}` : "";
    return `${e.instancePath || "/"}: ${e.message}${extra}`;
  });
}

async function builtin(apiVersion, kind) {
  const { group, version } = groupVersion(apiVersion);
  const candidates = group === "argoproj.io"
    ? [["argo-cd", `@kubernetes-models/argo-cd/${group}/${version}/${kind}`]]
    : group === "monitoring.coreos.com"
      ? [["prometheus-operator", `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`]]
      : [["kubernetes-models", `kubernetes-models/${group ? group + "/" : ""}${version}/${kind}`]];
  for (const [schema, module] of candidates) {
    try {
      const m = await import(module);
      if (m[kind]) {
        return { schema, Model: m[kind] };
      }
    } catch (e) {
      if (e.code !== "ERR_MODULE_NOT_FOUND" && e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") {
        throw e;
      }
    }
  }
  return null;
}

const results = [];
for (const { source, doc } of input) {
  const r = { source, apiVersion: doc?.apiVersion ?? null, kind: doc?.kind ?? null, name: doc?.metadata?.name ?? null, schema: null, errors: [] };
  results.push(r);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc) || typeof r.apiVersion !== "string" || typeof r.kind !== "string") {
    r.errors.push("/: not a Kubernetes object (apiVersion and kind are required)");
    continue;
  }
  const { group, version } = groupVersion(r.apiVersion);
  const crd = crds.get(`${group}/${version}/${r.kind}`);
  if (crd) {
    r.schema = `crd:${crd.name}`;
    if (!crd.check(doc)) {
      r.errors.push(...describe(crd.check.errors));
    }
    continue;
  }
  const b = await builtin(r.apiVersion, r.kind);
  if (!b) {
    r.errors.push(`/: no schema for apiVersion ${r.apiVersion} kind ${r.kind}`);
    continue;
  }
  r.schema = b.schema;
  try {
    new b.Model(doc).validate();
  } catch (e) {
    if (!Array.isArray(e.errors)) {
      throw e;
    }
    r.errors.push(...describe(e.errors));
  }
}
process.stdout.write(JSON.stringify(results));
