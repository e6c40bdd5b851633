// Checks the Kubernetes manifests offline: every object listed by k8s/kustomization.yaml is
// validated against the Kubernetes JSON schemas (npm kubernetes-models), and cross-references
// are checked: Service selectors match a pod template, named target ports exist, secret keys
// used are the documented ones, and each gRPC readiness probe names the container's port.
// Usage: node tests/k8s/validate_manifests.mjs [k8s dir]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, parse } from "yaml";

const dir = process.argv[2] ?? "k8s";
const documentedSecretKeys = new Set(["ROOT_PASSWORD", "PROJECTS_PASSWORD", "FINANCE_PASSWORD",
  "GOVERNANCE_PASSWORD", "REPORTING_PASSWORD"]);
const errors = [];
const fail = (what, message) => errors.push(`${what}: ${message}`);

const kustomization = parse(readFileSync(join(dir, "kustomization.yaml"), "utf8"));
const objects = [];
for (const file of kustomization.resources) {
  for (const doc of parseAllDocuments(readFileSync(join(dir, file), "utf8"))) {
    if (doc.errors.length) fail(file, doc.errors.join("; "));
    const object = doc.toJS();
    if (object) objects.push({ file, object });
  }
}

async function modelFor(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
  const module = await import(`kubernetes-models/${group === "core/v1" ? "v1" : group}`);
  return module[kind];
}

for (const { file, object } of objects) {
  const what = `${file} ${object.kind}/${object.metadata?.name}`;
  const Model = await modelFor(object.apiVersion, object.kind);
  if (!Model) { fail(what, `unknown kind ${object.apiVersion} ${object.kind}`); continue; }
  try { new Model(object).validate(); } catch (e) { fail(what, e.message); }
}

const podTemplates = objects.map(({ object }) => object)
  .filter((o) => ["Deployment", "StatefulSet"].includes(o.kind));
for (const { file, object } of objects.filter(({ object }) => object.kind === "Service")) {
  const what = `${file} Service/${object.metadata.name}`;
  const selector = object.spec.selector ?? {};
  const match = podTemplates.find((w) => Object.entries(selector)
    .every(([k, v]) => w.spec.template.metadata.labels?.[k] === v));
  if (!match) { fail(what, "selector matches no pod template"); continue; }
  const portNames = match.spec.template.spec.containers.flatMap((c) => c.ports ?? []).map((p) => p.name);
  for (const port of object.spec.ports) {
    if (typeof port.targetPort === "string" && !portNames.includes(port.targetPort)) {
      fail(what, `targetPort ${port.targetPort} is not a container port of ${match.metadata.name}`);
    }
  }
}

for (const { file, object } of objects) {
  const spec = object.spec?.template?.spec;
  if (!spec) continue;
  const what = `${file} ${object.kind}/${object.metadata.name}`;
  for (const volume of spec.volumes ?? []) {
    for (const item of volume.secret?.items ?? []) {
      if (!documentedSecretKeys.has(item.key)) fail(what, `undocumented secret key ${item.key}`);
    }
  }
  for (const container of spec.containers) {
    for (const env of container.env ?? []) {
      const key = env.valueFrom?.secretKeyRef?.key;
      if (key && !documentedSecretKeys.has(key)) fail(what, `undocumented secret key ${key}`);
    }
    const grpcProbe = container.readinessProbe?.grpc;
    if (grpcProbe && !(container.ports ?? []).some((p) => p.containerPort === grpcProbe.port)) {
      fail(what, `readiness probe port ${grpcProbe.port} is not a container port`);
    }
  }
}

if (errors.length) {
  console.error(errors.join("\n"));
  process.exit(1);
}
console.log(`ok: ${objects.length} objects valid`);
