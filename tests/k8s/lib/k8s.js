'use strict';
// Shared helpers of the deploy/k8s checks: rendering with kustomize, parsing
// the multi-document output, walking workloads and containers, label
// selectors, env resolution, sizes and durations, problem reporting.

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

// The npm packages must be installed and match package-lock.json (a stale
// node_modules would validate against other schemas than the pinned ones).
{
  const problems = require('./npm_installed').npmProblems();
  if (problems.length) {
    process.stderr.write(`FAIL: ${problems.join('; ')}\nThe k8s tests need their npm packages: ` +
      'run `npm ci` in tests/k8s (tools/dev test does it).\n');
    process.exit(1);
  }
}
const yaml = require('js-yaml');

const SOURCE_DIR = process.env.JSTEDU_SOURCE_DIR || path.resolve(__dirname, '..', '..', '..');
const K8S_DIR = path.join(SOURCE_DIR, 'deploy', 'k8s');
const REQUIRED_OVERLAYS = ['dev', 'prod'];

// Kustomize targets: base and every overlay (dev and prod must be there).
function targets() {
  const list = [{ name: 'base', dir: path.join(K8S_DIR, 'base') }];
  const overlaysDir = path.join(K8S_DIR, 'overlays');
  const found = new Set(REQUIRED_OVERLAYS);
  if (fs.existsSync(overlaysDir)) {
    for (const e of fs.readdirSync(overlaysDir, { withFileTypes: true })) {
      if (e.isDirectory()) found.add(e.name);
    }
  }
  for (const name of [...found].sort()) {
    list.push({ name: `overlays/${name}`, dir: path.join(overlaysDir, name) });
  }
  return list;
}

function overlayTarget(name) {
  return { name: `overlays/${name}`, dir: path.join(K8S_DIR, 'overlays', name) };
}

// Runs `kubectl kustomize DIR`. Returns {text} or {error}.
function kustomize(dir) {
  const rel = path.relative(SOURCE_DIR, dir) || '.';
  const hasKustomization = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some(
    (f) => fs.existsSync(path.join(dir, f)));
  if (!hasKustomization) return { error: `${rel}: no kustomization.yaml` };
  const kubectl = process.env.JSTEDU_KUBECTL || 'kubectl';
  const r = childProcess.spawnSync(kubectl, ['kustomize', dir], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 120000,
  });
  if (r.error) return { error: `${rel}: cannot run ${kubectl}: ${r.error.message}` };
  if (r.status !== 0) {
    return { error: `${rel}: \`kubectl kustomize\` exited ${r.status}: ${(r.stderr || '').trim()}` };
  }
  return { text: r.stdout };
}

// Parses multi-document YAML into objects (null documents dropped; v1 List
// items flattened). Throws with the position on a syntax error.
function parseDocs(text) {
  const out = [];
  for (const doc of yaml.loadAll(text)) {
    if (doc === null || doc === undefined) continue;
    if (doc && typeof doc === 'object' && doc.kind === 'List' && Array.isArray(doc.items)) {
      out.push(...doc.items);
    } else {
      out.push(doc);
    }
  }
  return out;
}

// Renders a target; returns {objects} or {error}.
function render(target) {
  const r = kustomize(target.dir);
  if (r.error) return { error: r.error };
  try {
    return { objects: parseDocs(r.text), text: r.text };
  } catch (e) {
    return { error: `${target.name}: rendered output is not valid YAML: ${e.message}` };
  }
}

function dump(objects) {
  return objects.map((o) => yaml.dump(o, { noRefs: true })).join('---\n');
}

function clone(x) {
  return JSON.parse(JSON.stringify(x));
}

function ref(obj) {
  const md = (obj && obj.metadata) || {};
  const ns = md.namespace ? `${md.namespace}/` : '';
  return `${obj && obj.kind}/${ns}${md.name}`;
}

function nsOf(obj) {
  return (obj.metadata && obj.metadata.namespace) || '';
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

function workloads(objects, kinds = WORKLOAD_KINDS) {
  return objects.filter((o) => o && kinds.has(o.kind) && o.spec && o.spec.template);
}

function podSpec(workload) {
  return (workload.spec && workload.spec.template && workload.spec.template.spec) || {};
}

function podLabels(workload) {
  const t = workload.spec && workload.spec.template;
  return (t && t.metadata && t.metadata.labels) || {};
}

// Kubernetes label selector semantics. An empty selector ({} or with no
// terms) matches everything; a missing one (undefined/null) matches nothing
// here (callers decide what "missing" means).
function selectorMatches(selector, labels) {
  if (selector === undefined || selector === null) return false;
  const ml = selector.matchLabels || {};
  for (const [k, v] of Object.entries(ml)) {
    if (labels[k] !== v) return false;
  }
  for (const ex of selector.matchExpressions || []) {
    const has = Object.prototype.hasOwnProperty.call(labels, ex.key);
    const values = ex.values || [];
    switch (ex.operator) {
      case 'In':
        if (!has || !values.includes(labels[ex.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[ex.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function selectorIsEmpty(selector) {
  if (!selector) return true;
  return Object.keys(selector.matchLabels || {}).length === 0 &&
    (selector.matchExpressions || []).length === 0;
}

// Plain map selector (Service.spec.selector).
function mapSelectorMatches(selector, labels) {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

// The jstedu binary a container runs: "jstedu-X" when its image is
// .../jstedu/jstedu-X[:tag|@digest] or its name is jstedu-X (or X, when
// jstedu-X is one of `known`). null otherwise.
function binaryOf(container, known = []) {
  const image = container.image || '';
  const m = /(?:^|\/)jstedu\/(jstedu-[a-z0-9][a-z0-9-]*)(?:[:@]|$)/.exec(image);
  if (m) return m[1];
  const name = container.name || '';
  if (/^jstedu-[a-z0-9][a-z0-9-]*$/.test(name)) return name;
  if (known.includes(`jstedu-${name}`)) return `jstedu-${name}`;
  return null;
}

// The binaries the project deploys: the gateway and every services/X with a
// main.cc.
// Services built but not deployed yet, each with why and until when; the
// checks do not ask a workload of them. Keep it short-lived: every entry is
// a service the manifests owe. Empty: every service is deployed
// (jstedu-notifications since issue 23, slice 7).
const NOT_YET_DEPLOYED = new Map([
  // ['jstedu-<service>', '<why, and until when>'],
]);

function deployableBinaries(sourceDir = SOURCE_DIR) {
  const out = [];
  if (fs.existsSync(path.join(sourceDir, 'gateway', 'main.cc'))) out.push('jstedu-gateway');
  const servicesDir = path.join(sourceDir, 'services');
  if (fs.existsSync(servicesDir)) {
    for (const e of fs.readdirSync(servicesDir, { withFileTypes: true })) {
      if (e.isDirectory() && fs.existsSync(path.join(servicesDir, e.name, 'main.cc')) &&
          !NOT_YET_DEPLOYED.has(`jstedu-${e.name}`)) {
        out.push(`jstedu-${e.name}`);
      }
    }
  }
  return out.sort();
}

function findObject(objects, kind, namespace, name) {
  return objects.find((o) => o && o.kind === kind && o.metadata &&
    o.metadata.name === name && nsOf(o) === namespace);
}

// The environment a container gets, resolved from the rendered objects:
// {vars: Map name -> {value?, from}, problems: []}. `value` is set when
// the value is known statically (env value, or a ConfigMap/Secret key).
function containerEnv(objects, workload, container) {
  const vars = new Map();
  const problems = [];
  const ns = nsOf(workload);
  const where = `${ref(workload)} container ${container.name}`;
  for (const src of container.envFrom || []) {
    const prefix = src.prefix || '';
    let kind;
    let sref;
    if (src.configMapRef) {
      kind = 'ConfigMap';
      sref = src.configMapRef;
    } else if (src.secretRef) {
      kind = 'Secret';
      sref = src.secretRef;
    } else {
      problems.push(`${where}: envFrom entry without configMapRef or secretRef`);
      continue;
    }
    const obj = findObject(objects, kind, ns, sref.name);
    if (!obj) {
      problems.push(`${where}: envFrom ${kind} "${sref.name}" is not among the rendered objects, ` +
        'so the variables it sets cannot be known');
      continue;
    }
    const data = Object.assign({}, obj.binaryData || {}, obj.data || {}, obj.stringData || {});
    for (const [k, v] of Object.entries(data)) {
      let value = v;
      if (kind === 'Secret' && obj.data && k in obj.data && !(obj.stringData && k in obj.stringData)) {
        value = Buffer.from(String(v), 'base64').toString('utf8');
      }
      vars.set(prefix + k, { value: value === null ? '' : String(value), from: `${kind} ${sref.name}` });
    }
  }
  for (const e of container.env || []) {
    if (!e || !e.name) continue;
    if (e.valueFrom) {
      let value;
      const cmk = e.valueFrom.configMapKeyRef;
      const sk = e.valueFrom.secretKeyRef;
      if (cmk) {
        const cm = findObject(objects, 'ConfigMap', ns, cmk.name);
        if (cm && cm.data && cmk.key in cm.data) value = String(cm.data[cmk.key]);
      } else if (sk) {
        const s = findObject(objects, 'Secret', ns, sk.name);
        if (s && s.stringData && sk.key in s.stringData) value = String(s.stringData[sk.key]);
        else if (s && s.data && sk.key in s.data) value = Buffer.from(String(s.data[sk.key]), 'base64').toString('utf8');
      }
      vars.set(e.name, { value, from: 'env valueFrom' });
    } else {
      vars.set(e.name, { value: e.value === undefined || e.value === null ? '' : String(e.value), from: 'env' });
    }
  }
  return { vars, problems };
}

// "250ms", "5s", "2m" (common/config/env.cc) -> milliseconds, or null.
function parseDurationMs(s) {
  const m = /^(\d+)(ms|s|m)$/.exec(String(s).trim());
  if (!m) return null;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60000 }[m[2]];
}

// nginx size ("20m", "1024k", "1g", "20971520") -> bytes, or null.
function parseNginxSize(s) {
  const m = /^(\d+)([kKmMgG]?)$/.exec(String(s).trim());
  if (!m) return null;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()];
  return Number(m[1]) * mult;
}

// Evaluates a C++ integer constant expression of literals, << >> * + - and
// parentheses ("1 << 20", "20u << 20", "16 * 1024"). null when it is
// something else.
function evalCppInt(expr) {
  const cleaned = expr.replace(/'/g, '').replace(/\b(\d+)(?:[uU]?[lL]{0,2}|[lL]{1,2}[uU])\b/g, '$1');
  if (!/^[\d\s()<>*+-]+$/.test(cleaned)) return null;
  const tokens = cleaned.match(/\d+|<<|>>|[()*+-]/g) || [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  function primary() {
    const t = next();
    if (t === '(') {
      const v = shift();
      if (next() !== ')') throw new Error('bad parens');
      return v;
    }
    if (/^\d+$/.test(t)) return BigInt(t);
    throw new Error(`unexpected ${t}`);
  }
  function mul() {
    let v = primary();
    while (peek() === '*') { next(); v *= primary(); }
    return v;
  }
  function add() {
    let v = mul();
    while (peek() === '+' || peek() === '-') { v = next() === '+' ? v + mul() : v - mul(); }
    return v;
  }
  function shift() {
    let v = add();
    while (peek() === '<<' || peek() === '>>') { v = next() === '<<' ? v << add() : v >> add(); }
    return v;
  }
  try {
    const v = shift();
    if (i !== tokens.length) return null;
    return Number(v);
  } catch (e) {
    return null;
  }
}

// Reads `constexpr ... NAME = EXPR;` from `header` or the project headers it
// includes ("gateway/..." style, one level deep). Returns {value, file} or
// {error}.
function cppConstant(name, header, sourceDir = SOURCE_DIR) {
  const seen = new Set();
  const queue = [header];
  const re = new RegExp(`constexpr[^;=]*\\b${name}\\s*(?:=|\\{)\\s*([^;}]+)[;}]`);
  while (queue.length) {
    const rel = queue.shift();
    if (seen.has(rel)) continue;
    seen.add(rel);
    const file = path.join(sourceDir, rel);
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8').replace(/\/\/[^\n]*/g, '');
    const m = re.exec(text);
    if (m) {
      const value = evalCppInt(m[1].trim());
      if (value === null) return { error: `${rel}: cannot evaluate ${name} = ${m[1].trim()}` };
      return { value, file: rel };
    }
    if (seen.size < 2) {
      for (const inc of text.matchAll(/#include\s+"([^"]+)"/g)) queue.push(inc[1]);
    }
  }
  return { error: `${name} is not defined in ${header} or the project headers it includes` };
}

// Prints the problems and exits 1, or prints `okMessage` and exits 0.
function finish(title, problems, okMessage) {
  if (problems.length) {
    process.stderr.write(`FAIL: ${title}: ${problems.length} problem(s):\n`);
    for (const p of problems) process.stderr.write(`  - ${p}\n`);
    process.exit(1);
  }
  process.stdout.write(`ok: ${title}: ${okMessage}\n`);
  process.exit(0);
}

// Self-test helper: `check(objects)` must report a problem matching `re`.
function expectProblem(results, label, problems, re) {
  const hit = problems.some((p) => re.test(p));
  results.push(hit ? null : `self-test "${label}": expected a problem matching ${re}, got ` +
    (problems.length ? problems.map((p) => `\n      ${p}`).join('') : 'none'));
}

function expectClean(results, label, problems) {
  results.push(problems.length === 0 ? null :
    `self-test "${label}": expected no problem, got${problems.map((p) => `\n      ${p}`).join('')}`);
}

module.exports = {
  SOURCE_DIR, K8S_DIR, REQUIRED_OVERLAYS, WORKLOAD_KINDS,
  targets, overlayTarget, kustomize, parseDocs, render, dump, clone, ref, nsOf,
  workloads, podSpec, podLabels, selectorMatches, selectorIsEmpty, mapSelectorMatches,
  binaryOf, deployableBinaries, findObject, containerEnv, parseDurationMs, parseNginxSize,
  evalCppInt, cppConstant, finish, expectProblem, expectClean, yaml,
};
