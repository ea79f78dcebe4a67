#!/usr/bin/env node
'use strict';
// deploy/k8s renders: `kubectl kustomize` of base and of every overlay
// (dev and prod at least) succeeds, and every rendered object validates
// against the Kubernetes OpenAPI schemas (npm kubernetes-models, pinned in
// package.json). An object whose apiVersion/kind has no model is a failure:
// nothing goes out unvalidated.
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

// The kubernetes-models class for apiVersion/kind, or {error}.
function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !IDENT.test(kind)) {
    return { error: `apiVersion "${apiVersion}" / kind "${kind}" is not well formed` };
  }
  const parts = apiVersion.split('/');
  if (parts.length > 2 || !parts.every((p) => GROUP.test(p))) {
    return { error: `apiVersion "${apiVersion}" is not well formed` };
  }
  const modulePath = `kubernetes-models/${apiVersion}/${kind}`;
  let mod;
  try {
    mod = require(modulePath);
  } catch (e) {
    if (e.code === 'MODULE_NOT_FOUND' || e.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      return { error: `no schema for ${apiVersion} ${kind} in kubernetes-models (${modulePath}): ` +
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
  const m = modelFor(obj.apiVersion, obj.kind);
  if (m.error) return [`${where}: ${m.error}`];
  try {
    new m.Model(k.clone(obj)).validate();
  } catch (e) {
    const errors = Array.isArray(e.errors) && e.errors.length ? e.errors : null;
    if (!errors) return [`${where}: invalid: ${e.message}`];
    for (const err of errors) {
      const at = err.instancePath || '/';
      const extra = err.params && err.params.allowedValues ? ` (allowed: ${err.params.allowedValues.join(', ')})` : '';
      problems.push(`${where}: ${at} ${err.message}${extra}`);
    }
  }
  return problems;
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
    const objs = k.clone(r.objects);
    const dep = objs.find((o) => o.kind === 'Deployment');
    if (!dep) continue;
    dep.spec.template.spec.containers[0].image = 42;
    k.expectProblem(results, `overlays/${name} copy with an image as a number`,
      checkObjects(name, objs), /image must be string/);
  }

  k.finish('render_test self-test', results.filter(Boolean), `${results.length} cases behave`);
}

if (require.main === module) {
  if (process.argv.includes('--self-test')) selfTest();
  else main();
}

module.exports = { validateObject, modelFor, checkObjects };
