#!/usr/bin/env node
'use strict';
// Policy of the rendered dev and prod overlays of deploy/k8s:
//   - every container of every Deployment/StatefulSet/DaemonSet: readiness
//     and liveness probes; requests and limits of cpu and memory; and (init
//     containers too) runAsNonRoot (pod or container, not uid 0),
//     readOnlyRootFilesystem, no privilege escalation, capabilities.drop ALL,
//     seccompProfile RuntimeDefault (pod or container);
//   - terminationGracePeriodSeconds > preStop sleep + JSTEDU_DRAIN_DELAY +
//     JSTEDU_SHUTDOWN_GRACE of each container (the binaries' defaults, 0s and
//     10s, when unset);
//   - a default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no
//     rule) in every namespace with workloads;
//   - prod: every Deployment has a PodDisruptionBudget that selects it and
//     leaves room for an eviction, a NetworkPolicy of its own (non-empty
//     podSelector matching its pods) and an HPA targeting it;
//   - every Ingress: nginx proxy-body-size = the gateway's largest body limit
//     (kBodyLimit / kLargeBodyLimit, read from gateway/http_server.h and the
//     headers it includes) and limit-rps = the JSTEDU_RATE_LIMIT_RPS the
//     manifests give the gateway container;
//   - references: Ingress backends name a rendered Service and port; Services,
//     PDBs, HPAs and NetworkPolicies select or target something; every
//     binary of the project (gateway, services/*) is deployed.
//
//   node tests/k8s/policy_test.js              check deploy/k8s
//   node tests/k8s/policy_test.js --self-test  prove the checks fail on
//                                              broken objects

const k = require('./lib/k8s');
const { fixture, find } = require('./lib/fixture');

const BODY_SIZE = 'nginx.ingress.kubernetes.io/proxy-body-size';
const LIMIT_RPS = 'nginx.ingress.kubernetes.io/limit-rps';

function has(obj, key) {
  return obj !== null && obj !== undefined && Object.prototype.hasOwnProperty.call(obj, key) &&
    obj[key] !== null && obj[key] !== undefined && obj[key] !== '';
}

// Seconds of the container's preStop hook: sleep action or an exec running
// `sleep N` (also through sh -c). 0 without a hook; null when not readable.
function preStopSeconds(container) {
  const pre = container.lifecycle && container.lifecycle.preStop;
  if (!pre) return 0;
  if (pre.sleep) return Number(pre.sleep.seconds) || 0;
  if (pre.exec && Array.isArray(pre.exec.command)) {
    const cmd = pre.exec.command.map(String);
    const i = cmd.findIndex((c) => /(^|\/)sleep$/.test(c));
    if (i >= 0 && /^\d+(\.\d+)?$/.test(cmd[i + 1] || '')) return Number(cmd[i + 1]);
    const m = /\bsleep\s+(\d+(?:\.\d+)?)\b/.exec(cmd.join(' '));
    if (m) return Number(m[1]);
    return 0;
  }
  return 0;
}

function checkSecurity(where, podSc, c, problems) {
  const sc = c.securityContext || {};
  const runAsNonRoot = has(sc, 'runAsNonRoot') ? sc.runAsNonRoot : podSc.runAsNonRoot;
  if (runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true (pod or container securityContext)`);
  const uid = has(sc, 'runAsUser') ? sc.runAsUser : podSc.runAsUser;
  if (uid === 0) problems.push(`${where}: runs as uid 0`);
  if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: securityContext.readOnlyRootFilesystem is not true`);
  if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: securityContext.allowPrivilegeEscalation is not false`);
  if (sc.privileged === true) problems.push(`${where}: securityContext.privileged is true`);
  const drop = (sc.capabilities && sc.capabilities.drop) || [];
  if (!drop.includes('ALL')) problems.push(`${where}: securityContext.capabilities.drop does not include ALL`);
  const seccomp = has(sc, 'seccompProfile') ? sc.seccompProfile : podSc.seccompProfile;
  if (!seccomp || seccomp.type !== 'RuntimeDefault') {
    problems.push(`${where}: seccompProfile.type is not RuntimeDefault (pod or container securityContext)`);
  }
}

function checkWorkloads(name, objects, known, problems) {
  for (const w of k.workloads(objects)) {
    const spec = k.podSpec(w);
    const podSc = spec.securityContext || {};
    const grace = has(spec, 'terminationGracePeriodSeconds') ? Number(spec.terminationGracePeriodSeconds) : 30;
    const sel = w.spec.selector;
    if (sel && !k.selectorMatches(sel, k.podLabels(w))) {
      problems.push(`${name}: ${k.ref(w)}: spec.selector does not match its pod template labels`);
    }
    if (!Array.isArray(spec.containers) || spec.containers.length === 0) {
      problems.push(`${name}: ${k.ref(w)}: no containers`);
    }
    for (const c of spec.containers || []) {
      const where = `${name}: ${k.ref(w)} container ${c.name}`;
      if (!c.readinessProbe) problems.push(`${where}: no readinessProbe`);
      if (!c.livenessProbe) problems.push(`${where}: no livenessProbe`);
      const res = c.resources || {};
      for (const part of ['requests', 'limits']) {
        for (const r of ['cpu', 'memory']) {
          if (!has(res[part] || {}, r)) problems.push(`${where}: no resources.${part}.${r}`);
        }
      }
      checkSecurity(where, podSc, c, problems);

      // Shutdown fits in the grace period.
      const pre = preStopSeconds(c);
      let budget = pre;
      let detail = `preStop sleep ${pre}s`;
      if (k.binaryOf(c, known)) {
        const { vars } = k.containerEnv(objects, w, c);
        for (const [v, dflt] of [['JSTEDU_DRAIN_DELAY', '0s'], ['JSTEDU_SHUTDOWN_GRACE', '10s']]) {
          const e = vars.get(v);
          const raw = e ? e.value : dflt;
          if (raw === undefined) {
            problems.push(`${where}: ${v} comes from a reference the rendered objects do not resolve; ` +
              'cannot check terminationGracePeriodSeconds');
            continue;
          }
          const ms = k.parseDurationMs(raw);
          if (ms === null) {
            problems.push(`${where}: ${v}="${raw}" is not a duration such as 250ms, 5s or 2m`);
            continue;
          }
          budget += ms / 1000;
          detail += ` + ${v} ${raw}${e ? '' : ' (default)'}`;
        }
      }
      if (!(grace > budget)) {
        problems.push(`${where}: terminationGracePeriodSeconds ${grace} is not more than ${detail} = ${budget}s`);
      }
    }
    for (const c of spec.initContainers || []) {
      checkSecurity(`${name}: ${k.ref(w)} initContainer ${c.name}`, podSc, c, problems);
    }
  }
}

function isDefaultDeny(np) {
  const s = np.spec || {};
  const types = s.policyTypes || [];
  return k.selectorIsEmpty(s.podSelector) && types.includes('Ingress') && types.includes('Egress') &&
    (s.ingress || []).length === 0 && (s.egress || []).length === 0;
}

function checkNetworkPolicies(name, objects, problems) {
  const nps = objects.filter((o) => o.kind === 'NetworkPolicy');
  const namespaces = new Set(k.workloads(objects).map(k.nsOf));
  for (const ns of namespaces) {
    if (!nps.some((np) => k.nsOf(np) === ns && isDefaultDeny(np))) {
      problems.push(`${name}: no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, ` +
        `no rules) in namespace "${ns || '(none)'}"`);
    }
  }
  const pods = k.workloads(objects);
  for (const np of nps) {
    const s = np.spec || {};
    if (!k.selectorIsEmpty(s.podSelector) &&
        !pods.some((w) => k.nsOf(w) === k.nsOf(np) && k.selectorMatches(s.podSelector, k.podLabels(w)))) {
      problems.push(`${name}: ${k.ref(np)}: podSelector selects no workload`);
    }
  }
}

function minReplicas(objects, d) {
  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && k.nsOf(o) === k.nsOf(d) &&
    o.spec && o.spec.scaleTargetRef && o.spec.scaleTargetRef.kind === 'Deployment' &&
    o.spec.scaleTargetRef.name === d.metadata.name);
  if (hpa) return hpa.spec.minReplicas === undefined ? 1 : Number(hpa.spec.minReplicas);
  return d.spec.replicas === undefined ? 1 : Number(d.spec.replicas);
}

function checkProdAvailability(name, objects, problems) {
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  for (const d of deployments) {
    const labels = k.podLabels(d);
    const ns = k.nsOf(d);
    const where = `${name}: ${k.ref(d)}`;
    const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget' && k.nsOf(o) === ns &&
      o.spec && k.selectorMatches(o.spec.selector, labels));
    if (pdbs.length === 0) problems.push(`${where}: no PodDisruptionBudget selects its pods`);
    const min = minReplicas(objects, d);
    for (const pdb of pdbs) {
      const s = pdb.spec;
      if (typeof s.minAvailable === 'number' && s.minAvailable >= min) {
        problems.push(`${where}: ${k.ref(pdb)} minAvailable ${s.minAvailable} with at least ${min} ` +
          'replica(s) allows no eviction (node drains block)');
      }
      if (s.maxUnavailable === 0 || s.maxUnavailable === '0%') {
        problems.push(`${where}: ${k.ref(pdb)} maxUnavailable ${s.maxUnavailable} allows no eviction`);
      }
    }
    const own = objects.filter((o) => o.kind === 'NetworkPolicy' && k.nsOf(o) === ns && o.spec &&
      !k.selectorIsEmpty(o.spec.podSelector) && k.selectorMatches(o.spec.podSelector, labels));
    if (own.length === 0) {
      problems.push(`${where}: no NetworkPolicy with a podSelector matching its pods ` +
        '(besides the namespace-wide default-deny)');
    }
    const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler' && k.nsOf(o) === ns &&
      o.spec && o.spec.scaleTargetRef && o.spec.scaleTargetRef.kind === 'Deployment' &&
      o.spec.scaleTargetRef.name === d.metadata.name &&
      (!o.spec.scaleTargetRef.apiVersion || o.spec.scaleTargetRef.apiVersion === 'apps/v1'));
    if (hpas.length === 0) problems.push(`${where}: no HorizontalPodAutoscaler targets it`);
  }
}

function checkReferences(name, objects, known, deployable, problems) {
  const pods = k.workloads(objects);
  for (const svc of objects.filter((o) => o.kind === 'Service')) {
    const sel = svc.spec && svc.spec.selector;
    if (sel && Object.keys(sel).length &&
        !pods.some((w) => k.nsOf(w) === k.nsOf(svc) && k.mapSelectorMatches(sel, k.podLabels(w)))) {
      problems.push(`${name}: ${k.ref(svc)}: selector selects no workload`);
    }
  }
  for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    const sel = pdb.spec && pdb.spec.selector;
    if (!pods.some((w) => k.nsOf(w) === k.nsOf(pdb) && k.selectorMatches(sel, k.podLabels(w)))) {
      problems.push(`${name}: ${k.ref(pdb)}: selector selects no workload`);
    }
  }
  for (const hpa of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
    const t = (hpa.spec && hpa.spec.scaleTargetRef) || {};
    if (!k.findObject(objects, t.kind, k.nsOf(hpa), t.name)) {
      problems.push(`${name}: ${k.ref(hpa)}: scaleTargetRef ${t.kind}/${t.name} is not rendered`);
    }
  }
  for (const ing of objects.filter((o) => o.kind === 'Ingress')) {
    const backends = [];
    const s = ing.spec || {};
    if (s.defaultBackend) backends.push(s.defaultBackend);
    for (const rule of s.rules || []) {
      for (const p of (rule.http && rule.http.paths) || []) backends.push(p.backend || {});
    }
    for (const b of backends) {
      if (!b.service) continue;
      const svc = k.findObject(objects, 'Service', k.nsOf(ing), b.service.name);
      if (!svc) {
        problems.push(`${name}: ${k.ref(ing)}: backend Service "${b.service.name}" is not rendered`);
        continue;
      }
      const port = b.service.port || {};
      const ports = (svc.spec && svc.spec.ports) || [];
      if (!ports.some((p) => (port.name !== undefined && p.name === port.name) ||
          (port.number !== undefined && p.port === port.number))) {
        problems.push(`${name}: ${k.ref(ing)}: backend port ${JSON.stringify(port)} is not a port of ${k.ref(svc)}`);
      }
    }
  }
  const deployed = new Set();
  for (const w of pods) {
    for (const c of k.podSpec(w).containers || []) {
      const b = k.binaryOf(c, known);
      if (b) deployed.add(b);
    }
  }
  for (const b of deployable) {
    if (!deployed.has(b)) problems.push(`${name}: no workload runs ${b} (image jstedu/${b} or container named ${b})`);
  }
}

// ctx: {bodyLimit, bodyLimitFrom} (bytes, where it was read).
function checkIngress(name, objects, known, ctx, problems) {
  const ingresses = objects.filter((o) => o.kind === 'Ingress');
  if (ingresses.length === 0) {
    problems.push(`${name}: renders no Ingress`);
    return;
  }
  const rpsValues = new Set();
  for (const w of k.workloads(objects)) {
    for (const c of k.podSpec(w).containers || []) {
      if (k.binaryOf(c, known) !== 'jstedu-gateway') continue;
      const e = k.containerEnv(objects, w, c).vars.get('JSTEDU_RATE_LIMIT_RPS');
      if (!e) problems.push(`${name}: ${k.ref(w)} container ${c.name}: JSTEDU_RATE_LIMIT_RPS is not set`);
      else if (e.value === undefined) problems.push(`${name}: ${k.ref(w)} container ${c.name}: JSTEDU_RATE_LIMIT_RPS is not resolvable`);
      else rpsValues.add(e.value.trim());
    }
  }
  if (rpsValues.size > 1) problems.push(`${name}: gateway containers disagree on JSTEDU_RATE_LIMIT_RPS: ${[...rpsValues].join(', ')}`);
  const rps = rpsValues.size === 1 ? [...rpsValues][0] : null;
  for (const ing of ingresses) {
    const a = (ing.metadata && ing.metadata.annotations) || {};
    const where = `${name}: ${k.ref(ing)}`;
    if (!has(a, BODY_SIZE)) {
      problems.push(`${where}: no ${BODY_SIZE} annotation (the gateway takes up to ${ctx.bodyLimit} bytes, ${ctx.bodyLimitFrom})`);
    } else {
      const bytes = k.parseNginxSize(a[BODY_SIZE]);
      if (bytes === null) problems.push(`${where}: ${BODY_SIZE} "${a[BODY_SIZE]}" is not an nginx size`);
      else if (bytes !== ctx.bodyLimit) {
        problems.push(`${where}: ${BODY_SIZE} "${a[BODY_SIZE]}" = ${bytes} bytes, but the gateway's largest body ` +
          `limit is ${ctx.bodyLimit} bytes (${ctx.bodyLimitFrom})`);
      }
    }
    if (!has(a, LIMIT_RPS)) {
      problems.push(`${where}: no ${LIMIT_RPS} annotation`);
    } else if (rps !== null && String(a[LIMIT_RPS]).trim() !== rps) {
      problems.push(`${where}: ${LIMIT_RPS} "${a[LIMIT_RPS]}" differs from the gateway's JSTEDU_RATE_LIMIT_RPS "${rps}"`);
    }
  }
}

function checkOverlay(name, objects, ctx) {
  const problems = [];
  const known = ctx.deployable;
  if (k.workloads(objects).length === 0) problems.push(`${name}: renders no Deployment/StatefulSet/DaemonSet`);
  checkWorkloads(name, objects, known, problems);
  checkNetworkPolicies(name, objects, problems);
  if (ctx.prod) checkProdAvailability(name, objects, problems);
  checkIngress(name, objects, known, ctx, problems);
  checkReferences(name, objects, known, ctx.deployable, problems);
  return problems;
}

function gatewayBodyLimit() {
  const header = 'gateway/http_server.h';
  const found = [];
  const errors = [];
  for (const c of ['kBodyLimit', 'kLargeBodyLimit']) {
    const r = k.cppConstant(c, header);
    if (r.error) errors.push(r.error);
    else found.push({ name: c, value: r.value, file: r.file });
  }
  if (errors.length) return { errors };
  const best = found.reduce((a, b) => (b.value > a.value ? b : a));
  return { bodyLimit: best.value, bodyLimitFrom: `${best.name} in ${best.file}` };
}

function main() {
  const problems = [];
  const limit = gatewayBodyLimit();
  if (limit.errors) problems.push(...limit.errors);
  const deployable = k.deployableBinaries();
  for (const name of k.REQUIRED_OVERLAYS) {
    const t = k.overlayTarget(name);
    const r = k.render(t);
    if (r.error) {
      problems.push(r.error);
      continue;
    }
    problems.push(...checkOverlay(t.name, r.objects, {
      prod: name === 'prod', deployable, bodyLimit: limit.bodyLimit, bodyLimitFrom: limit.bodyLimitFrom,
    }));
  }
  k.finish('deploy/k8s policy (dev, prod)', problems,
    `dev and prod follow the policy (body limit ${limit.bodyLimit} bytes from ${limit.bodyLimitFrom})`);
}

function selfTest() {
  const results = [];
  const ctx = {
    prod: true, deployable: ['jstedu-gateway', 'jstedu-recruitment'],
    bodyLimit: 20 << 20, bodyLimitFrom: 'self-test',
  };
  const base = fixture();
  k.expectClean(results, 'fixture passes', checkOverlay('fixture', base, ctx));

  const cases = [
    ['no readinessProbe', /container gateway: no readinessProbe/, (o) => { delete gw(o).readinessProbe; }],
    ['no livenessProbe', /container recruitment: no livenessProbe/, (o) => { delete rec(o).livenessProbe; }],
    ['no memory limit', /no resources.limits.memory/, (o) => { delete gw(o).resources.limits.memory; }],
    ['no cpu request', /no resources.requests.cpu/, (o) => { delete rec(o).resources.requests.cpu; }],
    ['runAsNonRoot false on the container', /runAsNonRoot is not true/, (o) => { gw(o).securityContext.runAsNonRoot = false; }],
    ['runAsNonRoot missing everywhere', /runAsNonRoot is not true/, (o) => { delete pod(o, 'gateway').securityContext.runAsNonRoot; }],
    ['uid 0', /runs as uid 0/, (o) => { gw(o).securityContext.runAsUser = 0; }],
    ['writable root filesystem', /readOnlyRootFilesystem is not true/, (o) => { delete gw(o).securityContext.readOnlyRootFilesystem; }],
    ['privilege escalation', /allowPrivilegeEscalation is not false/, (o) => { gw(o).securityContext.allowPrivilegeEscalation = true; }],
    ['capabilities kept', /capabilities.drop does not include ALL/, (o) => { gw(o).securityContext.capabilities.drop = ['NET_RAW']; }],
    ['seccomp Unconfined on the container', /seccompProfile.type is not RuntimeDefault/, (o) => { gw(o).securityContext.seccompProfile = { type: 'Unconfined' }; }],
    ['seccomp missing everywhere', /seccompProfile.type is not RuntimeDefault/, (o) => { delete pod(o, 'gateway').securityContext.seccompProfile; }],
    ['insecure initContainer', /initContainer migrate: securityContext.allowPrivilegeEscalation/, (o) => {
      pod(o, 'recruitment').initContainers = [{ name: 'migrate', image: 'busybox', securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } }];
    }],
    ['grace period too short', /terminationGracePeriodSeconds 25 is not more than preStop sleep 5s \+ JSTEDU_DRAIN_DELAY 5s \+ JSTEDU_SHUTDOWN_GRACE 15s = 25s/, (o) => {
      pod(o, 'recruitment').terminationGracePeriodSeconds = 25;
    }],
    ['grace period default 30 vs envFrom grace', /JSTEDU_SHUTDOWN_GRACE 30s = 35s/, (o) => {
      find(o, 'ConfigMap', 'gateway-env').data.JSTEDU_SHUTDOWN_GRACE = '30s';
      delete pod(o, 'gateway').terminationGracePeriodSeconds;
    }],
    ['preStop through sh -c', /preStop sleep 20s/, (o) => {
      rec(o).lifecycle.preStop.exec.command = ['/bin/sh', '-c', 'sleep 20'];
    }],
    ['bad duration', /JSTEDU_DRAIN_DELAY="5 seconds" is not a duration/, (o) => {
      rec(o).env.find((e) => e.name === 'JSTEDU_DRAIN_DELAY').value = '5 seconds';
    }],
    ['no default-deny', /no default-deny NetworkPolicy/, (o) => { remove(o, 'NetworkPolicy', 'default-deny'); }],
    ['default-deny with Ingress only', /no default-deny NetworkPolicy/, (o) => { find(o, 'NetworkPolicy', 'default-deny').spec.policyTypes = ['Ingress']; }],
    ['default-deny that allows', /no default-deny NetworkPolicy/, (o) => { find(o, 'NetworkPolicy', 'default-deny').spec.egress = [{}]; }],
    ['no PDB', /Deployment\/jstedu\/gateway: no PodDisruptionBudget/, (o) => { remove(o, 'PodDisruptionBudget', 'gateway'); }],
    ['PDB selecting other pods', /Deployment\/jstedu\/gateway: no PodDisruptionBudget/, (o) => {
      find(o, 'PodDisruptionBudget', 'gateway').spec.selector.matchLabels = { 'app.kubernetes.io/name': 'other' };
    }],
    ['PDB blocking evictions', /minAvailable 2 with at least 2 replica\(s\) allows no eviction/, (o) => {
      find(o, 'PodDisruptionBudget', 'gateway').spec.minAvailable = 2;
    }],
    ['no own NetworkPolicy', /Deployment\/jstedu\/recruitment: no NetworkPolicy with a podSelector/, (o) => { remove(o, 'NetworkPolicy', 'recruitment-allow'); }],
    ['no HPA', /Deployment\/jstedu\/recruitment: no HorizontalPodAutoscaler/, (o) => { remove(o, 'HorizontalPodAutoscaler', 'recruitment'); }],
    ['HPA targeting another name', /no HorizontalPodAutoscaler targets it/, (o) => {
      find(o, 'HorizontalPodAutoscaler', 'gateway').spec.scaleTargetRef.name = 'gw';
    }],
    ['body size smaller than the gateway', /proxy-body-size "1m" = 1048576 bytes, but the gateway's largest body limit is 20971520/, (o) => {
      find(o, 'Ingress', 'gateway').metadata.annotations[BODY_SIZE] = '1m';
    }],
    ['no body size', /no nginx.ingress.kubernetes.io\/proxy-body-size annotation/, (o) => {
      delete find(o, 'Ingress', 'gateway').metadata.annotations[BODY_SIZE];
    }],
    ['rps differs', /limit-rps "50" differs from the gateway's JSTEDU_RATE_LIMIT_RPS "80"/, (o) => {
      find(o, 'ConfigMap', 'gateway-env').data.JSTEDU_RATE_LIMIT_RPS = '80';
    }],
    ['rps not set for the gateway', /JSTEDU_RATE_LIMIT_RPS is not set/, (o) => {
      delete find(o, 'ConfigMap', 'gateway-env').data.JSTEDU_RATE_LIMIT_RPS;
    }],
    ['no Ingress', /renders no Ingress/, (o) => { remove(o, 'Ingress', 'gateway'); }],
    ['Ingress to a missing Service', /backend Service "gw" is not rendered/, (o) => {
      find(o, 'Ingress', 'gateway').spec.rules[0].http.paths[0].backend.service.name = 'gw';
    }],
    ['Ingress to a missing port', /backend port .* is not a port of Service\/jstedu\/gateway/, (o) => {
      find(o, 'Ingress', 'gateway').spec.rules[0].http.paths[0].backend.service.port = { name: 'https' };
    }],
    ['Service selecting nothing', /Service\/jstedu\/gateway: selector selects no workload/, (o) => {
      find(o, 'Service', 'gateway').spec.selector = { app: 'gw' };
    }],
    ['binary not deployed', /no workload runs jstedu-recruitment/, (o) => {
      rec(o).image = 'registry.example/other/thing:1';
      rec(o).name = 'thing';
    }],
  ];
  for (const [label, re, fn] of cases) {
    const objs = k.clone(base);
    fn(objs);
    k.expectProblem(results, label, checkOverlay('fixture', objs, ctx), re);
  }
  // dev does not need PDB/HPA.
  const devObjs = k.clone(base).filter((o) => o.kind !== 'PodDisruptionBudget' && o.kind !== 'HorizontalPodAutoscaler');
  k.expectClean(results, 'dev without PDB and HPA', checkOverlay('fixture', devObjs, Object.assign({}, ctx, { prod: false })));

  // Helpers and the real body limit.
  results.push(k.evalCppInt('20u << 20') === 20971520 ? null : 'evalCppInt("20u << 20") is wrong');
  results.push(k.evalCppInt("(1'024 * 4)") === 4096 ? null : 'evalCppInt("(1\'024 * 4)") is wrong');
  results.push(k.evalCppInt('sizeof(int)') === null ? null : 'evalCppInt accepted sizeof');
  results.push(k.parseNginxSize('20M') === 20971520 ? null : 'parseNginxSize("20M") is wrong');
  const limit = gatewayBodyLimit();
  results.push(limit.errors ? `gateway body limit: ${limit.errors.join('; ')}` : null);

  // A copy of the real rendered output, broken, when deploy/k8s renders.
  for (const name of k.REQUIRED_OVERLAYS) {
    const r = k.render(k.overlayTarget(name));
    if (r.error) {
      process.stdout.write(`  (overlays/${name} does not render; self-test on it skipped)\n`);
      continue;
    }
    const objs = k.clone(r.objects);
    const dep = objs.find((o) => o.kind === 'Deployment');
    if (!dep) continue;
    const c = dep.spec.template.spec.containers[0];
    delete c.readinessProbe;
    c.securityContext = Object.assign({}, c.securityContext, { allowPrivilegeEscalation: true });
    dep.spec.template.spec.terminationGracePeriodSeconds = 1;
    for (const np of objs.filter((o) => o.kind === 'NetworkPolicy' && isDefaultDeny(o))) np.spec.egress = [{}];
    for (const ing of objs.filter((o) => o.kind === 'Ingress')) {
      ing.metadata.annotations = Object.assign({}, ing.metadata.annotations, { [BODY_SIZE]: '1k' });
    }
    const p = checkOverlay(name, objs, Object.assign({}, ctx, {
      prod: name === 'prod', deployable: k.deployableBinaries(), bodyLimit: limit.bodyLimit,
    }));
    const label = `overlays/${name} copy`;
    k.expectProblem(results, `${label} without readinessProbe`, p, new RegExp(`container ${c.name}: no readinessProbe`));
    k.expectProblem(results, `${label} with privilege escalation`, p, /allowPrivilegeEscalation is not false/);
    k.expectProblem(results, `${label} with a 1 s grace period`, p, /terminationGracePeriodSeconds 1 is not more than/);
    k.expectProblem(results, `${label} without default-deny`, p, /no default-deny NetworkPolicy/);
    if (objs.some((o) => o.kind === 'Ingress')) k.expectProblem(results, `${label} with a 1k body size`, p, /proxy-body-size "1k"/);
  }

  k.finish('policy_test self-test', results.filter(Boolean), `${results.length} cases behave`);

  function pod(o, name) { return find(o, 'Deployment', name).spec.template.spec; }
  function gw(o) { return pod(o, 'gateway').containers[0]; }
  function rec(o) { return pod(o, 'recruitment').containers[0]; }
  function remove(o, kind, name) { o.splice(o.indexOf(find(o, kind, name)), 1); }
}

if (require.main === module) {
  if (process.argv.includes('--self-test')) selfTest();
  else main();
}

module.exports = { checkOverlay, gatewayBodyLimit, preStopSeconds };
