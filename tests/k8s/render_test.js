#!/usr/bin/env node
'use strict';
// deploy/k8s renders: `kubectl kustomize` of base and of every overlay
// (dev and prod at least) succeeds, and every rendered object validates
// against the Kubernetes OpenAPI schemas (npm kubernetes-models, pinned in
// package.json) twice: those of a current Kubernetes (kubernetes-models
// 4.5, Kubernetes 1.33) and those of the oldest one the manifests support,
// MIN_KUBERNETES (kubernetes-models-1.27: kubernetes-models 4.4.2, built
// from Kubernetes 1.27.1), so a field newer than that is caught. The
// Prometheus Operator's kinds (monitoring.coreos.com) validate against its
// CRD models (@kubernetes-models/prometheus-operator). An object whose
// apiVersion/kind has no model is a failure: nothing goes out unvalidated. Unknown fields are failures too (the schemas
// allow them; see unknownFields): a misspelt `ingres:` or `readinesProbe:`
// would otherwise be dropped silently by the API server.
//
//   node tests/k8s/render_test.js              check deploy/k8s
//   node tests/k8s/render_test.js --self-test  prove the checks fail on
//                                              broken objects

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const k = require('./lib/k8s');
const { fixture, find } = require('./lib/fixture');

const IDENT = /^[A-Za-z][A-Za-z0-9]*$/;
const GROUP = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;

// The oldest Kubernetes the manifests are for (deploy/k8s/README.md,
// "Kubernetes version"): native gRPC probes are GA and matchLabelKeys and
// nodeTaintsPolicy of topology spread constraints on by default from 1.27.
const MIN_KUBERNETES = '1.27';

// The schema packages an apiVersion validates against, each with how its
// problems are labelled.
function schemaSets(apiVersion) {
  if (typeof apiVersion === 'string' && apiVersion.startsWith('monitoring.coreos.com/')) {
    return [{ pkg: '@kubernetes-models/prometheus-operator', label: '' }];
  }
  return [
    { pkg: 'kubernetes-models', label: '' },
    { pkg: `kubernetes-models-${MIN_KUBERNETES}`, label: ` in Kubernetes ${MIN_KUBERNETES} (the minimum)` },
  ];
}

// The model class of package `pkg` for apiVersion/kind, or {error}.
function modelFor(pkg, apiVersion, kind) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !IDENT.test(kind)) {
    return { error: `apiVersion "${apiVersion}" / kind "${kind}" is not well formed` };
  }
  const parts = apiVersion.split('/');
  if (parts.length > 2 || !parts.every((p) => GROUP.test(p))) {
    return { error: `apiVersion "${apiVersion}" is not well formed` };
  }
  const modulePath = `${pkg}/${apiVersion}/${kind}`;
  let mod;
  try {
    mod = require(modulePath);
  } catch (e) {
    if (e.code === 'MODULE_NOT_FOUND' || e.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      return { error: `no schema for ${apiVersion} ${kind} in ${pkg} (${modulePath}): ` +
        'cannot validate this kind' };
    }
    throw e;
  }
  const Model = mod[kind];
  if (typeof Model !== 'function' || typeof Model.prototype.validate !== 'function') {
    return { error: `${modulePath} has no model class ${kind}: cannot validate this kind` };
  }
  return { Model };
}

// Fields of `obj` its schema does not declare. kubernetes-models ships its
// schemas only as compiled ajv validators (kubernetes-models/_schemas/*.js,
// no JSON schema files), and those schemas lack additionalProperties: false,
// so unknown keys validate. The validator is therefore run on a proxy of the
// object that records, for every object node, which keys it reads: an ajv
// `properties` validator reads every declared property (`data.x`), a map
// (additionalProperties, e.g. labels, annotations, ConfigMap data) enumerates
// its keys, and a free-form object (no properties, or
// x-kubernetes-preserve-unknown-fields) is not looked into. A key of an
// object whose validator read other keys but not this one is unknown.
// Returns JSON-pointer paths ("/spec/ingres").
function unknownFields(obj, Model) {
  const records = new Map();
  const proxies = new WeakMap();
  function wrap(v) {
    if (!v || typeof v !== 'object') return v;
    if (proxies.has(v)) return proxies.get(v);
    const rec = { read: new Set(), enumerated: false };
    records.set(v, rec);
    const p = new Proxy(v, {
      get(t, key, recv) {
        if (typeof key === 'string') rec.read.add(key);
        const r = Reflect.get(t, key, recv);
        return Object.prototype.hasOwnProperty.call(t, key) ? wrap(r) : r;
      },
      has(t, key) {
        if (typeof key === 'string') rec.read.add(key);
        return Reflect.has(t, key);
      },
      ownKeys(t) {
        rec.enumerated = true;
        return Reflect.ownKeys(t);
      },
    });
    proxies.set(v, p);
    return p;
  }
  const data = k.clone(obj);
  try {
    Model.prototype.validate.call(wrap(data));
  } catch (e) {
    // Type errors are validateObject's to report; the reads are recorded.
  }
  const out = [];
  (function walk(v, at) {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${at}/${i}`));
      return;
    }
    const rec = records.get(v);
    if (!rec) return;
    if (!rec.enumerated && rec.read.size === 0) return; // free-form object
    for (const key of Object.keys(v)) {
      const here = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!rec.enumerated && !rec.read.has(key)) out.push(here);
      else walk(v[key], here);
    }
  })(data, '');
  return out;
}

// Problems of one object (empty when it validates).
function validateObject(obj) {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    return [`a rendered document is not an object: ${JSON.stringify(obj)}`];
  }
  const where = k.ref(obj);
  const problems = [];
  if (!obj.apiVersion) problems.push(`${where}: no apiVersion`);
  if (!obj.kind) problems.push(`${where}: no kind`);
  if (!obj.metadata || !obj.metadata.name) problems.push(`${where}: no metadata.name`);
  if (problems.length) return problems;
  for (const { pkg, label } of schemaSets(obj.apiVersion)) {
    const m = modelFor(pkg, obj.apiVersion, obj.kind);
    if (m.error) {
      problems.push(`${where}: ${m.error}`);
      continue;
    }
    for (const at of unknownFields(obj, m.Model)) {
      problems.push(`${where}: ${at} is not a field of the ${obj.apiVersion} ${obj.kind} schema${label} (unknown field)`);
    }
    try {
      new m.Model(k.clone(obj)).validate();
    } catch (e) {
      const errors = Array.isArray(e.errors) && e.errors.length ? e.errors : null;
      if (!errors) {
        problems.push(`${where}: invalid${label}: ${e.message}`);
        continue;
      }
      for (const err of errors) {
        const at = err.instancePath || '/';
        const extra = err.params && err.params.allowedValues ? ` (allowed: ${err.params.allowedValues.join(', ')})` : '';
        problems.push(`${where}: ${at} ${err.message}${extra}${label}`);
      }
    }
  }
  return [...new Set(problems)];
}

function checkObjects(name, objects) {
  const problems = [];
  if (objects.length === 0) problems.push(`${name}: renders no object`);
  const seen = new Map();
  for (const obj of objects) {
    for (const p of validateObject(obj)) problems.push(`${name}: ${p}`);
    if (obj && obj.metadata && obj.metadata.name) {
      const key = `${obj.apiVersion} ${k.ref(obj)}`;
      if (seen.has(key)) problems.push(`${name}: ${k.ref(obj)} is rendered twice`);
      seen.set(key, true);
    }
  }
  return problems;
}

function main() {
  const problems = [];
  const counts = [];
  for (const t of k.targets()) {
    const r = k.render(t);
    if (r.error) {
      problems.push(r.error);
      continue;
    }
    problems.push(...checkObjects(t.name, r.objects));
    const kinds = {};
    for (const o of r.objects) kinds[o.kind] = (kinds[o.kind] || 0) + 1;
    counts.push(`${t.name}: ${r.objects.length} objects (${Object.entries(kinds).map(([a, b]) => `${b} ${a}`).join(', ')})`);
  }
  for (const c of counts) process.stdout.write(`  ${c}\n`);
  k.finish('deploy/k8s render and schema validation', problems, 'every target renders and every object validates');
}

// A problem saying `at` is an unknown field.
function UNKNOWN_FIELD(at) {
  return new RegExp(`${at.replace(/[/]/g, '\\/')} is not a field of the .* schema.* \\(unknown field\\)`);
}

function selfTest() {
  const results = [];
  const base = fixture();
  k.expectClean(results, 'fixture validates', checkObjects('fixture', base));

  const mutate = (label, re, fn) => {
    const objs = k.clone(base);
    fn(objs);
    k.expectProblem(results, label, checkObjects('fixture', objs), re);
  };
  mutate('containerPort as a string', /containerPort must be integer/, (o) => {
    find(o, 'Deployment', 'gateway').spec.template.spec.containers[0].ports[0].containerPort = 'http';
  });
  mutate('Deployment without selector', /must have required property '?selector/, (o) => {
    delete find(o, 'Deployment', 'gateway').spec.selector;
  });
  mutate('Deployment without containers', /containers/, (o) => {
    delete find(o, 'Deployment', 'recruitment').spec.template.spec.containers;
  });
  mutate('PDB minAvailable as an object', /minAvailable/, (o) => {
    find(o, 'PodDisruptionBudget', 'gateway').spec.minAvailable = { n: 1 };
  });
  mutate('Ingress pathType wrong type', /pathType/, (o) => {
    find(o, 'Ingress', 'gateway').spec.rules[0].http.paths[0].pathType = 7;
  });
  mutate('unknown kind', /cannot validate this kind/, (o) => {
    o.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
  });
  mutate('unknown kind in a known group', /cannot validate this kind/, (o) => {
    o.push({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'w' } });
  });
  mutate('object without name', /no metadata.name/, (o) => {
    delete find(o, 'Service', 'gateway').metadata.name;
  });
  mutate('duplicate object', /rendered twice/, (o) => {
    o.push(k.clone(find(o, 'Service', 'gateway')));
  });
  mutate('empty output', /renders no object/, (o) => o.splice(0, o.length));
  // Newer than the minimum: a preStop `sleep` action (Kubernetes 1.29) is
  // a field of today's schema but not of 1.27's.
  mutate('a field newer than the minimum Kubernetes',
    /\/spec\/template\/spec\/containers\/0\/lifecycle\/preStop\/sleep is not a field of the apps\/v1 Deployment schema in Kubernetes 1\.27 \(the minimum\)/,
    (o) => {
      find(o, 'Deployment', 'gateway').spec.template.spec.containers[0].lifecycle =
        { preStop: { sleep: { seconds: 5 } } };
    });
  // The Prometheus Operator's kinds validate against its CRD schemas.
  const podMonitor = {
    apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'm', namespace: 'jstedu' },
    spec: { selector: { matchLabels: { a: 'b' } }, podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }] },
  };
  k.expectClean(results, 'a PodMonitor validates', checkObjects('fixture', [podMonitor]));
  mutate('PodMonitor with podMetricsEndpoint interval as a number', /interval/, (o) => {
    const m = k.clone(podMonitor);
    m.spec.podMetricsEndpoints[0].interval = 30;
    o.push(m);
  });
  mutate('PodMonitor with an unknown field', UNKNOWN_FIELD('/spec/podMetricEndpoints'), (o) => {
    const m = k.clone(podMonitor);
    m.spec.podMetricEndpoints = m.spec.podMetricsEndpoints;
    delete m.spec.podMetricsEndpoints;
    o.push(m);
  });
  mutate('PrometheusRule rule without expr', /expr/, (o) => {
    o.push({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r' },
      spec: { groups: [{ name: 'g', rules: [{ alert: 'A', for: '5m' }] }] } });
  });
  // Unknown fields (the schemas allow them; unknownFields does not).
  const UNKNOWN = UNKNOWN_FIELD;
  mutate('NetworkPolicy with ingres', UNKNOWN('NetworkPolicy/jstedu/gateway-allow: /spec/ingres'), (o) => {
    const s = find(o, 'NetworkPolicy', 'gateway-allow').spec;
    s.ingres = s.ingress;
    delete s.ingress;
  });
  mutate('container with readinesProbe', UNKNOWN('/spec/template/spec/containers/0/readinesProbe'), (o) => {
    const c = find(o, 'Deployment', 'recruitment').spec.template.spec.containers[0];
    c.readinesProbe = c.readinessProbe;
    delete c.readinessProbe;
  });
  mutate('unknown field in a probe', UNKNOWN('/spec/template/spec/containers/0/livenessProbe/grpc/servce'), (o) => {
    find(o, 'Deployment', 'recruitment').spec.template.spec.containers[0].livenessProbe.grpc.servce = 'x';
  });
  mutate('unknown field in a port list item', UNKNOWN('/spec/template/spec/containers/0/ports/0/containerport'), (o) => {
    find(o, 'Deployment', 'gateway').spec.template.spec.containers[0].ports[0].containerport = 1;
  });
  mutate('metadata.lables', UNKNOWN('Service/jstedu/gateway: /metadata/lables'), (o) => {
    find(o, 'Service', 'gateway').metadata.lables = { a: 'b' };
  });
  mutate('top-level spce', UNKNOWN('/spce'), (o) => {
    find(o, 'PodDisruptionBudget', 'gateway').spce = {};
  });
  mutate('unknown field in an Ingress annotation-free path', UNKNOWN('/spec/rules/0/http/paths/0/backend/service/prot'), (o) => {
    find(o, 'Ingress', 'gateway').spec.rules[0].http.paths[0].backend.service.prot = { number: 80 };
  });
  {
    // Maps take any key: labels, annotations, ConfigMap data, selectors.
    const objs = k.clone(base);
    const gw = find(objs, 'Deployment', 'gateway');
    gw.metadata.labels['example.com/any-key'] = 'x';
    gw.metadata.annotations = { 'example.com/whatever': 'y', readinesProbe: 'not a field' };
    gw.spec.template.metadata.annotations = { 'prometheus.io/scrape': 'true' };
    find(objs, 'ConfigMap', 'gateway-env').data.ANY_NAME_AT_ALL = '1';
    find(objs, 'Service', 'gateway').spec.selector['example.com/k'] = 'v';
    find(objs, 'Secret', 'pg').stringData.ingres = 'v';
    k.expectClean(results, 'arbitrary keys in maps (labels, annotations, data, selector)',
      checkObjects('fixture', objs).filter((p) => !/selects no workload/.test(p)));
  }

  // Rendering: a broken kustomization and broken YAML are reported.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jstedu-k8s-selftest-'));
  try {
    fs.writeFileSync(path.join(tmp, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
    const r = k.render({ name: 'broken', dir: tmp });
    results.push(r.error && /kubectl kustomize/.test(r.error) ? null :
      `self-test "broken kustomization": expected a kustomize error, got ${JSON.stringify(r.error || 'success')}`);
    const r2 = k.render({ name: 'none', dir: path.join(tmp, 'nope') });
    results.push(r2.error && /no kustomization/.test(r2.error) ? null :
      'self-test "missing kustomization": expected an error');
    fs.writeFileSync(path.join(tmp, 'kustomization.yaml'), 'resources:\n  - ok.yaml\n');
    fs.writeFileSync(path.join(tmp, 'ok.yaml'), k.dump(base.slice(0, 3)));
    const r3 = k.render({ name: 'ok', dir: tmp });
    if (r3.error) results.push(`self-test "kustomize a copy of the fixture": ${r3.error}`);
    else k.expectClean(results, 'kustomize a copy of the fixture', checkObjects('ok', r3.objects));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  let threw = false;
  try { k.parseDocs('a: [1, 2\n---\nb: 1\n'); } catch (e) { threw = true; }
  results.push(threw ? null : 'self-test "broken YAML": parseDocs did not throw');

  // A copy of the real rendered output, broken, when deploy/k8s renders.
  for (const name of k.REQUIRED_OVERLAYS) {
    const r = k.render(k.overlayTarget(name));
    if (r.error) {
      process.stdout.write(`  (overlays/${name} does not render; self-test on it skipped: ${r.error.split('\n')[0]})\n`);
      continue;
    }
    const unknown = [];
    for (const o of r.objects) {
      const m = modelFor(o.apiVersion, o.kind);
      if (!m.error) unknown.push(...unknownFields(o, m.Model).map((at) => `${k.ref(o)}: ${at}`));
    }
    k.expectClean(results, `overlays/${name} as rendered: no unknown field`, unknown);
    const objs = k.clone(r.objects);
    const dep = objs.find((o) => o.kind === 'Deployment');
    if (!dep) continue;
    dep.spec.template.spec.containers[0].image = 42;
    k.expectProblem(results, `overlays/${name} copy with an image as a number`,
      checkObjects(name, objs), /image must be string/);
    const c = dep.spec.template.spec.containers[0];
    c.readinesProbe = c.readinessProbe;
    delete c.readinessProbe;
    k.expectProblem(results, `overlays/${name} copy with readinesProbe`, checkObjects(name, objs),
      /\/spec\/template\/spec\/containers\/0\/readinesProbe is not a field/);
    const np = objs.find((o) => o.kind === 'NetworkPolicy' && o.spec && o.spec.ingress);
    if (np) {
      np.spec.ingres = np.spec.ingress;
      delete np.spec.ingress;
      k.expectProblem(results, `overlays/${name} copy with a NetworkPolicy ingres`, checkObjects(name, objs),
        new RegExp(`${np.metadata.name}: /spec/ingres is not a field`));
    } else {
      results.push(`self-test overlays/${name}: no NetworkPolicy with ingress rules to break`);
    }
  }

  k.finish('render_test self-test', results.filter(Boolean), `${results.length} cases behave`);
}

if (require.main === module) {
  if (process.argv.includes('--self-test')) selfTest();
  else main();
}

module.exports = { validateObject, modelFor, checkObjects, unknownFields };
