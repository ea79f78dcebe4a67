#!/usr/bin/env node
'use strict';
// Environment of the rendered dev and prod overlays of deploy/k8s: for each
// Deployment/StatefulSet container running a jstedu binary (image
// .../jstedu/jstedu-X or container named jstedu-X or X), the names of the
// variables it gets (env[].name plus every key, with its prefix, of the
// ConfigMaps and Secrets of its envFrom, resolved from the rendered objects)
// must equal exactly what `<bin dir>/jstedu-X --env-vars` prints (one name
// per line). Reported separately: missing (read but not set) and unused (set
// but not read).
//
// The bin dir: --bin-dir DIR, else $JSTEDU_K8S_BIN_DIR (set by the ctest
// registration), else $JSTEDU_TEST_BIN_DIR (set by tools/dev test).
//
//   node tests/k8s/env_test.js [--bin-dir DIR]
//   node tests/k8s/env_test.js --self-test

const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const k = require('./lib/k8s');
const { fixture, find, FIXTURE_ENV_VARS } = require('./lib/fixture');

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Runs `binDir/bin --env-vars` with an empty environment: {names} or {error}.
function readEnvVars(binDir, bin, timeoutMs = 15000) {
  const file = path.join(binDir, bin);
  if (!fs.existsSync(file)) return { error: `${file} does not exist (is it built?)` };
  const r = childProcess.spawnSync(file, ['--env-vars'], {
    encoding: 'utf8', timeout: timeoutMs, env: {}, stdio: ['ignore', 'pipe', 'pipe'],
    killSignal: 'SIGKILL',
  });
  const stderr = (r.stderr || '').trim().split('\n').slice(-3).join(' | ');
  if (r.error && r.error.code === 'ETIMEDOUT') {
    return { error: `\`${bin} --env-vars\` did not exit within ${timeoutMs / 1000}s ` +
      '(does the binary answer --env-vars?)' };
  }
  if (r.error) return { error: `cannot run ${file}: ${r.error.message}` };
  if (r.status !== 0) {
    return { error: `\`${bin} --env-vars\` exited ${r.status === null ? `on signal ${r.signal}` : r.status}` +
      `${stderr ? `: ${stderr}` : ''} (the binary must print the names it reads and exit 0)` };
  }
  const names = new Set();
  const bad = [];
  for (const line of r.stdout.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    if (NAME.test(t)) names.add(t);
    else bad.push(t);
  }
  if (bad.length) {
    return { error: `\`${bin} --env-vars\` printed lines that are not variable names: ` +
      bad.slice(0, 5).map((b) => JSON.stringify(b)).join(', ') };
  }
  if (names.size === 0) return { error: `\`${bin} --env-vars\` printed no name` };
  return { names };
}

// reader(bin) -> {names} | {error}.
function checkOverlay(name, objects, reader, known) {
  const problems = [];
  let checked = 0;
  const kinds = new Set(['Deployment', 'StatefulSet']);
  for (const w of k.workloads(objects, kinds)) {
    for (const c of k.podSpec(w).containers || []) {
      const bin = k.binaryOf(c, known);
      if (!bin) continue;
      checked++;
      const where = `${name}: ${k.ref(w)} container ${c.name} (${bin})`;
      const env = k.containerEnv(objects, w, c);
      for (const p of env.problems) problems.push(`${name}: ${p}`);
      const read = reader(bin);
      if (read.error) {
        problems.push(`${where}: ${read.error}`);
        continue;
      }
      const set = new Set(env.vars.keys());
      const missing = [...read.names].filter((n) => !set.has(n)).sort();
      const unused = [...set].filter((n) => !read.names.has(n)).sort();
      if (missing.length) problems.push(`${where}: missing (read by ${bin}, not set): ${missing.join(', ')}`);
      if (unused.length) problems.push(`${where}: unused (set, not read by ${bin}): ${unused.join(', ')}`);
    }
  }
  if (checked === 0) problems.push(`${name}: no Deployment/StatefulSet container runs a jstedu binary`);
  return problems;
}

function binDirFromArgs() {
  const i = process.argv.indexOf('--bin-dir');
  if (i >= 0 && process.argv[i + 1]) return process.argv[i + 1];
  return process.env.JSTEDU_K8S_BIN_DIR || process.env.JSTEDU_TEST_BIN_DIR || '';
}

function main() {
  const problems = [];
  const binDir = binDirFromArgs();
  if (!binDir) {
    k.finish('deploy/k8s environment vs --env-vars', [
      'no bin dir: pass --bin-dir DIR or set JSTEDU_K8S_BIN_DIR (ctest sets it) or JSTEDU_TEST_BIN_DIR'], '');
  }
  const cache = new Map();
  const reader = (bin) => {
    if (!cache.has(bin)) cache.set(bin, readEnvVars(binDir, bin));
    return cache.get(bin);
  };
  const known = k.deployableBinaries();
  for (const name of k.REQUIRED_OVERLAYS) {
    const t = k.overlayTarget(name);
    const r = k.render(t);
    if (r.error) {
      problems.push(r.error);
      continue;
    }
    problems.push(...checkOverlay(t.name, r.objects, reader, known));
  }
  // A binary that cannot answer is one problem per container: say it once
  // more plainly at the end.
  for (const [bin, r] of cache) if (r.error) problems.push(`${bin}: ${r.error}`);
  k.finish('deploy/k8s environment vs --env-vars', [...new Set(problems)],
    `every jstedu container gets exactly the variables its binary reads (${[...cache.keys()].sort().join(', ')})`);
}

function selfTest() {
  const results = [];
  const known = ['jstedu-gateway', 'jstedu-recruitment'];
  const fake = (table) => (bin) => (table[bin] ? { names: new Set(table[bin]) } : { error: `${bin}: unknown` });
  const reader = fake(FIXTURE_ENV_VARS);
  const base = fixture();
  k.expectClean(results, 'fixture passes', checkOverlay('fixture', base, reader, known));

  const cases = [
    ['variable missing from a ConfigMap', /container gateway \(jstedu-gateway\): missing \(read by jstedu-gateway, not set\): JSTEDU_RATE_LIMIT_RPS/, (o) => {
      delete find(o, 'ConfigMap', 'gateway-env').data.JSTEDU_RATE_LIMIT_RPS;
    }],
    ['variable missing from env', /container recruitment \(jstedu-recruitment\): missing .*: JSTEDU_DRAIN_DELAY, JSTEDU_PG_DSN$/, (o) => {
      const c = find(o, 'Deployment', 'recruitment').spec.template.spec.containers[0];
      c.env = c.env.filter((e) => e.name !== 'JSTEDU_PG_DSN' && e.name !== 'JSTEDU_DRAIN_DELAY');
    }],
    ['variable not read', /unused \(set, not read by jstedu-gateway\): JSTEDU_TYPO_RPS/, (o) => {
      find(o, 'ConfigMap', 'gateway-env').data.JSTEDU_TYPO_RPS = '5';
    }],
    ['envFrom prefix applied', /unused .*: (X_\w+, )*X_JSTEDU_RATE_LIMIT_RPS\b/, (o) => {
      find(o, 'Deployment', 'gateway').spec.template.spec.containers[0].envFrom[0].prefix = 'X_';
    }],
    ['envFrom of a Secret', /unused .*: EXTRA/, (o) => {
      find(o, 'Deployment', 'recruitment').spec.template.spec.containers[0].envFrom = [{ secretRef: { name: 'pg' } }];
      find(o, 'Secret', 'pg').data = { EXTRA: Buffer.from('x').toString('base64') };
    }],
    ['envFrom of a ConfigMap that is not rendered', /envFrom ConfigMap "gateway-env-abc" is not among the rendered objects/, (o) => {
      find(o, 'Deployment', 'gateway').spec.template.spec.containers[0].envFrom[0].configMapRef.name = 'gateway-env-abc';
    }],
    ['both missing and unused', /missing .*: JSTEDU_REDIS_ADDR[\s\S]*unused .*: JSTEDU_REDIS_ADRR/, (o) => {
      const c = find(o, 'Deployment', 'recruitment').spec.template.spec.containers[0];
      c.env.find((e) => e.name === 'JSTEDU_REDIS_ADDR').name = 'JSTEDU_REDIS_ADRR';
    }],
    ['matched by container name', /container recruitment \(jstedu-recruitment\): unused .*: JSTEDU_NEW/, (o) => {
      const c = find(o, 'Deployment', 'recruitment').spec.template.spec.containers[0];
      c.image = 'localhost:5000/recruitment:7';
      c.env.push({ name: 'JSTEDU_NEW', value: '1' });
    }],
    ['no jstedu container', /no Deployment\/StatefulSet container runs a jstedu binary/, (o) => {
      for (const d of o.filter((x) => x.kind === 'Deployment')) {
        d.spec.template.spec.containers[0].image = 'nginx';
        d.spec.template.spec.containers[0].name = 'nginx';
      }
    }],
  ];
  for (const [label, re, fn] of cases) {
    const objs = k.clone(base);
    fn(objs);
    const p = checkOverlay('fixture', objs, reader, known);
    k.expectProblem(results, label, p.length ? [p.join('\n')] : [], re);
  }

  // The --env-vars runner against stand-in binaries.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jstedu-k8s-envtest-'));
  try {
    const script = (bin, body) => fs.writeFileSync(path.join(tmp, bin), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    script('jstedu-good', '[ "$1" = --env-vars ] || exit 9\n[ -z "$JSTEDU_LEAK" ] || exit 8\nprintf "JSTEDU_A\\nJSTEDU_B\\n"');
    script('jstedu-fails', 'echo "unknown flag" >&2; exit 3');
    script('jstedu-empty', 'exit 0');
    script('jstedu-chatty', 'echo "JSTEDU_A"; echo "starting server on :8080"');
    script('jstedu-hangs', 'exec sleep 30');
    process.env.JSTEDU_LEAK = '1';
    const good = readEnvVars(tmp, 'jstedu-good');
    results.push(good.names && [...good.names].join(',') === 'JSTEDU_A,JSTEDU_B' ? null :
      `runner on a good binary: ${JSON.stringify(good.error || [...good.names])}`);
    const expectErr = (bin, re, timeout) => {
      const r = readEnvVars(tmp, bin, timeout);
      results.push(r.error && re.test(r.error) ? null :
        `runner on ${bin}: expected an error matching ${re}, got ${JSON.stringify(r.error || [...r.names])}`);
    };
    expectErr('jstedu-fails', /exited 3: unknown flag/);
    expectErr('jstedu-empty', /printed no name/);
    expectErr('jstedu-chatty', /not variable names: "starting server on :8080"/);
    expectErr('jstedu-hangs', /did not exit within 1s/, 1000);
    expectErr('jstedu-absent', /does not exist/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  // A copy of the real rendered output, broken, when deploy/k8s renders: a
  // stand-in reader that reads exactly what each container gets, then one
  // variable added and one removed.
  const realKnown = k.deployableBinaries();
  for (const name of k.REQUIRED_OVERLAYS) {
    const r = k.render(k.overlayTarget(name));
    if (r.error) {
      process.stdout.write(`  (overlays/${name} does not render; self-test on it skipped)\n`);
      continue;
    }
    const objs = k.clone(r.objects);
    const table = {};
    let target = null;
    for (const w of k.workloads(objs, new Set(['Deployment', 'StatefulSet']))) {
      for (const c of k.podSpec(w).containers || []) {
        const bin = k.binaryOf(c, realKnown);
        if (!bin) continue;
        const names = [...k.containerEnv(objs, w, c).vars.keys()];
        table[bin] = table[bin] ? table[bin].filter((n) => names.includes(n)) : names;
        if (!target && (c.env || []).length) target = { c, bin };
      }
    }
    if (!target) continue;
    const removed = target.c.env[0].name;
    target.c.env = target.c.env.slice(1).concat([{ name: 'JSTEDU_K8S_SELF_TEST_EXTRA', value: 'x' }]);
    const p = checkOverlay(`overlays/${name}`, objs, fake(table), realKnown).join('\n');
    k.expectProblem(results, `overlays/${name} copy with ${removed} removed`, [p],
      new RegExp(`container ${target.c.name} \\(${target.bin}\\): missing \\(read by ${target.bin}, not set\\): .*${removed}`));
    k.expectProblem(results, `overlays/${name} copy with an extra variable`, [p],
      new RegExp(`container ${target.c.name} \\(${target.bin}\\): unused .*JSTEDU_K8S_SELF_TEST_EXTRA`));
  }

  k.finish('env_test self-test', results.filter(Boolean), `${results.length} cases behave`);
}

if (require.main === module) {
  if (process.argv.includes('--self-test')) selfTest();
  else main();
}

module.exports = { checkOverlay, readEnvVars };
