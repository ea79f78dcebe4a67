#!/usr/bin/env node
'use strict';
// Policy of the rendered dev and prod overlays of deploy/k8s:
//   - every container of every Deployment/StatefulSet/DaemonSet: readiness
//     and liveness probes; requests and limits of cpu and memory; and (init
//     containers too) runAsNonRoot (pod or container, not uid 0),
//     readOnlyRootFilesystem, no privilege escalation, capabilities.drop ALL,
//     seccompProfile RuntimeDefault (pod or container);
//   - terminationGracePeriodSeconds > preStop sleep + JSTEDU_DRAIN_DELAY
//     (services only) + JSTEDU_SHUTDOWN_GRACE of each container (the
//     binaries' defaults, 1s and 10s, when unset);
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
//     binary of the project (gateway, services/*) is deployed;
//   - network flows, derived from the NetworkPolicies (policyTypes defaulted,
//     ports by number, name or range): a backend's gRPC port is reachable
//     only from the gateway (and, for recruitment, training and advisory,
//     from reporting; for recruitment and advisory, from notifications),
//     and from them on both sides (their ingress, the caller's egress); no
//     ingress rule of a backend lets in everywhere
//     (`from` missing or empty, an empty peer, 0.0.0.0/0); the gateway is let
//     in only from namespaces ingress-nginx (to its http port, required) and
//     monitoring; no egress rule goes to everywhere except on port 53 (DNS);
//   - SMTP (TCP 25, 465, 587) to an address (ipBlock) only from
//     notifications, which has egress to the relay on TCP 587 and on
//     nothing else there;
//   - prod: each Deployment has a NetworkPolicy of its own: its podSelector
//     names the pods' app.kubernetes.io/name (a shared policy, e.g. on
//     app.kubernetes.io/component, does not count);
//   - ports: probe ports (grpc, httpGet, tcpSocket; names resolved) and the
//     ports of JSTEDU_GRPC_LISTEN / JSTEDU_HTTP_LISTEN / JSTEDU_ADMIN_LISTEN
//     are containerPorts of the container; every Service targetPort (default:
//     port) is a containerPort of every pod it selects; a backend's liveness
//     probe is grpc of service jstedu.liveness, its readiness grpc of none;
//   - every Ingress: limit-burst-multiplier = ceil(JSTEDU_RATE_LIMIT_BURST /
//     JSTEDU_RATE_LIMIT_RPS) of the gateway container.
//
//   node tests/k8s/policy_test.js              check deploy/k8s
//   node tests/k8s/policy_test.js --self-test  prove the checks fail on
//                                              broken objects

const k = require('./lib/k8s');
const { fixture, find } = require('./lib/fixture');

const BODY_SIZE = 'nginx.ingress.kubernetes.io/proxy-body-size';
const LIMIT_RPS = 'nginx.ingress.kubernetes.io/limit-rps';
const BURST_MULTIPLIER = 'nginx.ingress.kubernetes.io/limit-burst-multiplier';

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
      const binary = k.binaryOf(c, known);
      if (binary) {
        const { vars } = k.containerEnv(objects, w, c);
        // The gateway has no drain delay (it reads no JSTEDU_DRAIN_DELAY).
        const timings = [['JSTEDU_SHUTDOWN_GRACE', '10s']];
        if (binary !== 'jstedu-gateway') timings.unshift(['JSTEDU_DRAIN_DELAY', '1s']);
        for (const [v, dflt] of timings) {
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
  const burstValues = new Set();
  for (const w of k.workloads(objects)) {
    for (const c of k.podSpec(w).containers || []) {
      if (k.binaryOf(c, known) !== 'jstedu-gateway') continue;
      const vars = k.containerEnv(objects, w, c).vars;
      for (const [v, set] of [['JSTEDU_RATE_LIMIT_RPS', rpsValues], ['JSTEDU_RATE_LIMIT_BURST', burstValues]]) {
        const e = vars.get(v);
        if (!e) problems.push(`${name}: ${k.ref(w)} container ${c.name}: ${v} is not set`);
        else if (e.value === undefined) problems.push(`${name}: ${k.ref(w)} container ${c.name}: ${v} is not resolvable`);
        else set.add(e.value.trim());
      }
    }
  }
  if (rpsValues.size > 1) problems.push(`${name}: gateway containers disagree on JSTEDU_RATE_LIMIT_RPS: ${[...rpsValues].join(', ')}`);
  if (burstValues.size > 1) problems.push(`${name}: gateway containers disagree on JSTEDU_RATE_LIMIT_BURST: ${[...burstValues].join(', ')}`);
  const rps = rpsValues.size === 1 ? [...rpsValues][0] : null;
  const burst = burstValues.size === 1 ? [...burstValues][0] : null;
  // nginx's burst is limit-rps * limit-burst-multiplier (an integer): the
  // smallest one that lets the gateway's own burst through.
  let multiplier = null;
  if (rps !== null && burst !== null) {
    const r = Number(rps);
    const b = Number(burst);
    if (!(r > 0) || !(b > 0)) {
      problems.push(`${name}: the gateway's JSTEDU_RATE_LIMIT_RPS "${rps}" / JSTEDU_RATE_LIMIT_BURST "${burst}" ` +
        'are not positive numbers');
    } else {
      multiplier = Math.ceil(b / r);
    }
  }
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
    if (!has(a, BURST_MULTIPLIER)) {
      problems.push(`${where}: no ${BURST_MULTIPLIER} annotation` +
        `${multiplier !== null ? ` (the gateway's burst ${burst} / ${rps} rps needs ${multiplier})` : ''}`);
    } else if (multiplier !== null && String(a[BURST_MULTIPLIER]).trim() !== String(multiplier)) {
      problems.push(`${where}: ${BURST_MULTIPLIER} "${a[BURST_MULTIPLIER]}" differs from the gateway's ` +
        `JSTEDU_RATE_LIMIT_BURST / JSTEDU_RATE_LIMIT_RPS = ${burst} / ${rps}, rounded up: ${multiplier}`);
    }
  }
}

// ---------------------------------------------------------------------------
// Network flows (dev and prod).

const NAME_LABEL = 'app.kubernetes.io/name';
const NS_NAME_LABEL = 'kubernetes.io/metadata.name';
// Where the gateway is reached from: the ingress controller (ingressClassName
// nginx, namespace ingress-nginx) and Prometheus (namespace monitoring).
const INGRESS_NAMESPACE = 'ingress-nginx';
const MONITORING_NAMESPACE = 'monitoring';
// Who may call a backend's gRPC port besides the gateway: reporting reads
// the three sources; notifications reads e-mail addresses from recruitment
// and the experts' accounts from advisory, and its backfill the facts of
// all three.
const EXTRA_CALLERS = {
  'jstedu-recruitment': ['jstedu-reporting', 'jstedu-notifications'],
  'jstedu-training': ['jstedu-reporting', 'jstedu-notifications'],
  'jstedu-advisory': ['jstedu-reporting', 'jstedu-notifications'],
};
const DNS_PORT = 53;

// Effective policyTypes (the API's defaulting when the field is absent).
function policyTypes(np) {
  const s = np.spec || {};
  if (Array.isArray(s.policyTypes) && s.policyTypes.length) return s.policyTypes;
  return (s.egress || []).length ? ['Ingress', 'Egress'] : ['Ingress'];
}

function policiesFor(objects, w, direction) {
  return objects.filter((o) => o.kind === 'NetworkPolicy' && k.nsOf(o) === k.nsOf(w) && o.spec &&
    o.spec.podSelector !== undefined && k.selectorMatches(o.spec.podSelector, k.podLabels(w)) &&
    policyTypes(o).includes(direction));
}

function workloadName(w, known) {
  for (const c of k.podSpec(w).containers || []) {
    const b = k.binaryOf(c, known);
    if (b) return b;
  }
  return k.podLabels(w)[NAME_LABEL] || w.metadata.name;
}

// The namespace a namespaceSelector names exactly
// ({matchLabels: {kubernetes.io/metadata.name: X}}), or null.
function exactNamespace(sel) {
  if (!sel || (sel.matchExpressions || []).length) return null;
  const ml = sel.matchLabels || {};
  const keys = Object.keys(ml);
  if (keys.length === 1 && keys[0] === NS_NAME_LABEL) return ml[NS_NAME_LABEL];
  return null;
}

function isAllAddresses(cidr) {
  return cidr === '0.0.0.0/0' || cidr === '::/0';
}

// What the peers of a rule (`from` or `to`) let through, seen from namespace
// `ns`: [{everywhere} | {allPods} | {workloads:[...]} | {namespace, allPods?}
// | {anyNamespace} | {ipBlock}], each with a description.
function peersOf(list, ns, objects) {
  if (!Array.isArray(list) || list.length === 0) {
    return [{ everywhere: true, desc: 'everywhere (no peers)' }];
  }
  const out = [];
  const pods = k.workloads(objects);
  for (const peer of list) {
    const p = peer || {};
    if (!p.ipBlock && !p.podSelector && !p.namespaceSelector) {
      out.push({ everywhere: true, desc: 'everywhere (an empty peer {})' });
      continue;
    }
    if (p.ipBlock) {
      if (isAllAddresses(p.ipBlock.cidr) && !(p.ipBlock.except || []).length) {
        out.push({ everywhere: true, desc: `everywhere (ipBlock ${p.ipBlock.cidr})` });
      } else {
        out.push({ ipBlock: p.ipBlock.cidr, desc: `ipBlock ${p.ipBlock.cidr}` });
      }
      continue;
    }
    let targetNs = ns;
    if (p.namespaceSelector) {
      if (k.selectorIsEmpty(p.namespaceSelector)) {
        out.push({ anyNamespace: true, desc: `pods of every namespace${p.podSelector ? ` matching ${JSON.stringify(p.podSelector)}` : ''}` });
        continue;
      }
      const exact = exactNamespace(p.namespaceSelector);
      if (exact === null) {
        out.push({ anyNamespace: true, desc: `namespaces matching ${JSON.stringify(p.namespaceSelector)}` });
        continue;
      }
      targetNs = exact;
      if (exact !== ns) {
        out.push({ namespace: exact, desc: `namespace ${exact}${p.podSelector ? ` (pods ${JSON.stringify(p.podSelector)})` : ''}` });
        continue;
      }
    }
    const sel = p.podSelector || {};
    if (k.selectorIsEmpty(sel)) {
      out.push({ allPods: true, desc: `every pod of namespace ${targetNs}` });
      continue;
    }
    const matched = pods.filter((w) => k.nsOf(w) === targetNs && k.selectorMatches(sel, k.podLabels(w)));
    out.push({ workloads: matched, desc: `pods ${JSON.stringify(sel)}` });
  }
  return out;
}

// Whether a rule's ports cover port {number, name, protocol}.
function portCovered(rulePorts, port) {
  if (!Array.isArray(rulePorts) || rulePorts.length === 0) return true;
  const proto = port.protocol || 'TCP';
  return rulePorts.some((rp) => {
    if ((rp.protocol || 'TCP') !== proto) return false;
    if (rp.port === undefined || rp.port === null) return true;
    if (typeof rp.port === 'string') return port.name !== undefined && rp.port === port.name;
    if (rp.endPort !== undefined) return port.number >= rp.port && port.number <= rp.endPort;
    return rp.port === port.number;
  });
}

function containerPorts(c) {
  return (c.ports || []).map((p) => ({ number: p.containerPort, name: p.name, protocol: p.protocol || 'TCP' }));
}

function listenPort(objects, w, c, variable) {
  const e = k.containerEnv(objects, w, c).vars.get(variable);
  if (!e) return { unset: true };
  if (e.value === undefined) return { error: `${variable} comes from a reference the rendered objects do not resolve` };
  const m = /:(\d+)$/.exec(e.value.trim());
  if (!m) return { error: `${variable}="${e.value}" has no :port` };
  return { port: Number(m[1]), raw: e.value };
}

// The gRPC port of a backend container: its port named grpc, else the port
// of JSTEDU_GRPC_LISTEN.
function grpcPort(objects, w, c) {
  const ports = containerPorts(c);
  const named = ports.find((p) => p.name === 'grpc');
  if (named) return named;
  const l = listenPort(objects, w, c, 'JSTEDU_GRPC_LISTEN');
  if (l.port !== undefined) return ports.find((p) => p.number === l.port) || { number: l.port, protocol: 'TCP' };
  return null;
}

// Does `from` (a workload) reach `to` (a workload) on `port`, as far as the
// policies of both sides go (ingress of `to`, egress of `from`)?
function flowAllowed(objects, from, to, port) {
  const ingressOk = (() => {
    const nps = policiesFor(objects, to, 'Ingress');
    if (nps.length === 0) return true;
    return nps.some((np) => (np.spec.ingress || []).some((r) => portCovered(r.ports, port) &&
      peersOf(r.from, k.nsOf(to), objects).some((p) => p.everywhere || (p.allPods && k.nsOf(from) === k.nsOf(to)) ||
        (p.workloads && p.workloads.includes(from)))));
  })();
  const egressOk = (() => {
    const nps = policiesFor(objects, from, 'Egress');
    if (nps.length === 0) return true;
    return nps.some((np) => (np.spec.egress || []).some((r) => portCovered(r.ports, port) &&
      peersOf(r.to, k.nsOf(from), objects).some((p) => p.everywhere || (p.allPods && k.nsOf(from) === k.nsOf(to)) ||
        (p.workloads && p.workloads.includes(to)))));
  })();
  return { ingressOk, egressOk };
}

function checkFlows(name, objects, known, problems) {
  const pods = k.workloads(objects);
  const byBinary = new Map();
  for (const w of pods) {
    for (const c of k.podSpec(w).containers || []) {
      const b = k.binaryOf(c, known);
      if (b) byBinary.set(b, { w, c });
    }
  }
  // Backends: gRPC port reachable only from the gateway (and the extra
  // callers), and reachable from them.
  for (const [bin, { w, c }] of byBinary) {
    if (bin === 'jstedu-gateway') continue;
    const where = `${name}: ${k.ref(w)}`;
    const port = grpcPort(objects, w, c);
    if (!port) {
      problems.push(`${where}: no gRPC port (no container port named grpc, no JSTEDU_GRPC_LISTEN): cannot check who reaches it`);
      continue;
    }
    const allowed = ['jstedu-gateway', ...(EXTRA_CALLERS[bin] || [])];
    const portDesc = `gRPC port ${port.number}${port.name ? ` (${port.name})` : ''}`;
    const nps = policiesFor(objects, w, 'Ingress');
    if (nps.length === 0) {
      problems.push(`${where}: no NetworkPolicy isolates its pods for Ingress: anything reaches its ${portDesc}`);
      continue;
    }
    for (const np of nps) {
      (np.spec.ingress || []).forEach((r, i) => {
        const at = `${where}: ${k.ref(np)} ingress[${i}] lets`;
        if (!portCovered(r.ports, port)) {
          // Other ports (metrics): still never from everywhere.
          for (const p of peersOf(r.from, k.nsOf(w), objects)) {
            if (p.everywhere) problems.push(`${at} ${p.desc} reach ports ${r.ports.map((x) => x.port).join(', ')}`);
          }
          return;
        }
        for (const p of peersOf(r.from, k.nsOf(w), objects)) {
          if (p.everywhere) problems.push(`${at} ${p.desc} reach its ${portDesc}`);
          else if (p.allPods) problems.push(`${at} ${p.desc} reach its ${portDesc}`);
          else if (p.workloads) {
            for (const src of p.workloads) {
              const s = workloadName(src, known);
              if (!allowed.includes(s)) {
                problems.push(`${at} ${s} reach its ${portDesc} (only ${allowed.join(', ')} may)`);
              }
            }
          } else {
            problems.push(`${at} ${p.desc} reach its ${portDesc} (only ${allowed.join(', ')} may)`);
          }
        }
      });
    }
    for (const caller of allowed) {
      const src = byBinary.get(caller);
      if (!src) continue;
      const f = flowAllowed(objects, src.w, w, port);
      if (!f.ingressOk) problems.push(`${where}: no ingress rule lets ${caller} reach its ${portDesc}`);
      if (!f.egressOk) problems.push(`${name}: ${k.ref(src.w)}: no egress rule lets it reach ${bin}'s ${portDesc}`);
    }
  }
  // The gateway: ingress only from the ingress controller and monitoring.
  const gw = byBinary.get('jstedu-gateway');
  if (gw) {
    const where = `${name}: ${k.ref(gw.w)}`;
    const okNs = [INGRESS_NAMESPACE, MONITORING_NAMESPACE];
    const nps = policiesFor(objects, gw.w, 'Ingress');
    if (nps.length === 0) problems.push(`${where}: no NetworkPolicy isolates the gateway for Ingress: anything reaches it`);
    let fromController = false;
    const http = containerPorts(gw.c).find((p) => p.name === 'http') ||
      (() => {
        const l = listenPort(objects, gw.w, gw.c, 'JSTEDU_HTTP_LISTEN');
        return l.port !== undefined ? { number: l.port, protocol: 'TCP' } : null;
      })();
    for (const np of nps) {
      (np.spec.ingress || []).forEach((r, i) => {
        for (const p of peersOf(r.from, k.nsOf(gw.w), objects)) {
          if (p.namespace && okNs.includes(p.namespace)) {
            if (p.namespace === INGRESS_NAMESPACE && http && portCovered(r.ports, http)) fromController = true;
            continue;
          }
          const ports = (r.ports || []).length ? ` (ports ${r.ports.map((x) => x.port).join(', ')})` : '';
          problems.push(`${where}: ${k.ref(np)} ingress[${i}] lets ${p.desc} reach the gateway${ports}; ` +
            `only namespaces ${okNs.join(' and ')} may`);
        }
      });
    }
    if (nps.length && !fromController) {
      problems.push(`${where}: no ingress rule lets namespace ${INGRESS_NAMESPACE} reach the gateway's http port` +
        `${http ? ` ${http.number}` : ' (none declared)'}`);
    }
  }
  // Egress: nothing open to every destination, except DNS.
  for (const np of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    ((np.spec && np.spec.egress) || []).forEach((r, i) => {
      const open = peersOf(r.to, k.nsOf(np), objects).find((p) => p.everywhere);
      if (!open) return;
      const ports = r.ports || [];
      if (ports.length && ports.every((p) => p.port === DNS_PORT && p.endPort === undefined)) return;
      problems.push(`${name}: ${k.ref(np)} egress[${i}] allows egress to ${open.desc}` +
        `${ports.length ? ` on ports ${ports.map((p) => p.port).join(', ')}` : ' on every port'} (only DNS, port 53, may be open)`);
    });
  }
}

// SMTP (TCP 25, 465, 587) leaves the namespace only from notifications, and
// only to the relay: an egress rule to an ipBlock that covers an SMTP port
// is a problem for any other workload; notifications' rules to ipBlocks
// that cover one open TCP 587 and nothing else (not every port, no range),
// and one of them exists. (Egress to everywhere is the general check's.)
const SMTP_SENDER = 'jstedu-notifications';
const SMTP_PORTS = [25, 465, 587];
const SMTP_SUBMISSION = 587;

function checkSmtp(name, objects, known, problems) {
  for (const w of k.workloads(objects)) {
    const bin = workloadName(w, known);
    const where = `${name}: ${k.ref(w)}`;
    let toRelay = false;
    for (const np of policiesFor(objects, w, 'Egress')) {
      (np.spec.egress || []).forEach((r, i) => {
        const blocks = peersOf(r.to, k.nsOf(w), objects).filter((p) => p.ipBlock);
        if (!blocks.length) return;
        const smtp = SMTP_PORTS.filter((port) => portCovered(r.ports, { number: port, protocol: 'TCP' }));
        if (!smtp.length) return;
        const at = `${where}: ${k.ref(np)} egress[${i}]`;
        const dest = blocks.map((p) => p.desc).join(', ');
        if (bin !== SMTP_SENDER) {
          problems.push(`${at} lets ${bin} send SMTP (TCP ${smtp.join(', ')}) to ${dest}; ` +
            `only ${SMTP_SENDER} may, to the relay`);
          return;
        }
        if (!Array.isArray(r.ports) || r.ports.length === 0) {
          problems.push(`${at} lets it reach ${dest} on every port; the SMTP relay takes TCP ${SMTP_SUBMISSION} only`);
          return;
        }
        const other = r.ports.filter((rp) => rp.port !== SMTP_SUBMISSION || rp.endPort !== undefined ||
          (rp.protocol || 'TCP') !== 'TCP');
        if (other.length) {
          const desc = other.map((rp) => `${rp.protocol || 'TCP'} ${rp.port}${rp.endPort !== undefined ? `-${rp.endPort}` : ''}`);
          problems.push(`${at} lets it reach ${dest} on ${desc.join(', ')} too; ` +
            `the SMTP relay takes TCP ${SMTP_SUBMISSION} only`);
          return;
        }
        toRelay = true;
      });
    }
    if (bin === SMTP_SENDER && !toRelay) {
      problems.push(`${where}: no egress rule lets ${SMTP_SENDER} reach the SMTP relay ` +
        `(TCP ${SMTP_SUBMISSION} to an ipBlock: the relay's address)`);
    }
  }
}

// prod: each Deployment has a NetworkPolicy of its own, one whose podSelector
// names its app.kubernetes.io/name (a shared one, e.g. on
// app.kubernetes.io/component, does not count).
function ownPolicySelects(np, labelValue) {
  const sel = (np.spec && np.spec.podSelector) || {};
  if ((sel.matchLabels || {})[NAME_LABEL] === labelValue) return true;
  return (sel.matchExpressions || []).some((e) => e.key === NAME_LABEL && e.operator === 'In' &&
    Array.isArray(e.values) && e.values.length === 1 && e.values[0] === labelValue);
}

function checkOwnPolicies(name, objects, problems) {
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    const labels = k.podLabels(d);
    const where = `${name}: ${k.ref(d)}`;
    const value = labels[NAME_LABEL];
    if (!value) {
      problems.push(`${where}: pods have no ${NAME_LABEL} label, so no NetworkPolicy can be its own`);
      continue;
    }
    const own = objects.filter((o) => o.kind === 'NetworkPolicy' && k.nsOf(o) === k.nsOf(d) &&
      ownPolicySelects(o, value) && k.selectorMatches(o.spec.podSelector, labels));
    if (own.length === 0) {
      problems.push(`${where}: no NetworkPolicy of its own (podSelector on ${NAME_LABEL}=${value}); ` +
        'shared policies do not count');
    }
  }
}

// ---------------------------------------------------------------------------
// Ports: probes, JSTEDU_*_LISTEN and Service targetPorts name declared
// container ports; gRPC health service names.

const LISTEN_VARS = ['JSTEDU_GRPC_LISTEN', 'JSTEDU_HTTP_LISTEN', 'JSTEDU_ADMIN_LISTEN'];
const LIVENESS_SERVICE = 'jstedu.liveness';

function checkPorts(name, objects, known, problems) {
  const pods = k.workloads(objects);
  for (const w of pods) {
    for (const c of k.podSpec(w).containers || []) {
      const where = `${name}: ${k.ref(w)} container ${c.name}`;
      const ports = containerPorts(c);
      const numbers = ports.map((p) => p.number);
      for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const probe = c[kind];
        if (!probe) continue;
        for (const h of ['grpc', 'httpGet', 'tcpSocket']) {
          if (!probe[h]) continue;
          const port = probe[h].port;
          if (typeof port === 'string' && !/^\d+$/.test(port)) {
            const p = ports.find((x) => x.name === port);
            if (!p) problems.push(`${where}: ${kind}.${h}.port "${port}" names no port of the container`);
          } else if (!numbers.includes(Number(port))) {
            problems.push(`${where}: ${kind}.${h}.port ${port} is not a containerPort (${numbers.join(', ') || 'none'})`);
          }
        }
      }
      const bin = k.binaryOf(c, known);
      if (!bin) continue;
      for (const v of LISTEN_VARS) {
        const l = listenPort(objects, w, c, v);
        if (l.unset) continue;
        if (l.error) problems.push(`${where}: ${l.error}`);
        else if (!numbers.includes(l.port)) {
          problems.push(`${where}: ${v}="${l.raw}" listens on ${l.port}, not a containerPort (${numbers.join(', ') || 'none'})`);
        }
      }
      if (bin !== 'jstedu-gateway') {
        const live = c.livenessProbe && c.livenessProbe.grpc;
        const ready = c.readinessProbe && c.readinessProbe.grpc;
        if (c.livenessProbe && (!live || live.service !== LIVENESS_SERVICE)) {
          problems.push(`${where}: livenessProbe is not a grpc probe of service "${LIVENESS_SERVICE}" ` +
            `(got ${JSON.stringify(live ? live.service : Object.keys(c.livenessProbe))})`);
        }
        if (c.readinessProbe && (!ready || (ready.service !== undefined && ready.service !== ''))) {
          problems.push(`${where}: readinessProbe is not a grpc probe of the server's overall health (no service)` +
            ` (got ${JSON.stringify(ready ? ready.service : Object.keys(c.readinessProbe))})`);
        }
      }
    }
  }
  for (const svc of objects.filter((o) => o.kind === 'Service')) {
    const sel = svc.spec && svc.spec.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    const selected = pods.filter((w) => k.nsOf(w) === k.nsOf(svc) && k.mapSelectorMatches(sel, k.podLabels(w)));
    for (const sp of (svc.spec.ports || [])) {
      const tp = sp.targetPort === undefined ? sp.port : sp.targetPort;
      for (const w of selected) {
        const ports = (k.podSpec(w).containers || []).flatMap(containerPorts);
        const hit = typeof tp === 'string' && !/^\d+$/.test(tp) ? ports.some((p) => p.name === tp)
          : ports.some((p) => p.number === Number(tp));
        if (!hit) {
          problems.push(`${name}: ${k.ref(svc)} port ${sp.name || sp.port}: targetPort ${JSON.stringify(tp)} is not a ` +
            `containerPort of ${k.ref(w)}`);
        }
      }
    }
  }
}

function checkOverlay(name, objects, ctx) {
  const problems = [];
  const known = ctx.deployable;
  if (k.workloads(objects).length === 0) problems.push(`${name}: renders no Deployment/StatefulSet/DaemonSet`);
  checkWorkloads(name, objects, known, problems);
  checkNetworkPolicies(name, objects, problems);
  checkFlows(name, objects, known, problems);
  checkSmtp(name, objects, known, problems);
  if (ctx.prod) {
    checkProdAvailability(name, objects, problems);
    checkOwnPolicies(name, objects, problems);
  }
  checkPorts(name, objects, known, problems);
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
    ['service drain delay default 1s', /terminationGracePeriodSeconds 21 is not more than preStop sleep 5s \+ JSTEDU_DRAIN_DELAY 1s \(default\) \+ JSTEDU_SHUTDOWN_GRACE 15s = 21s/, (o) => {
      rec(o).env = rec(o).env.filter((e) => e.name !== 'JSTEDU_DRAIN_DELAY');
      pod(o, 'recruitment').terminationGracePeriodSeconds = 21;
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

  // Network flows, own policies, ports, burst multiplier.
  const nsPeer = (n) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': n } } });
  const np = (o, n) => find(o, 'NetworkPolicy', n).spec;
  // A copy of recruitment running `bin` under the name `short`.
  const addBackend = (o, bin, short) => {
    const d = k.clone(find(o, 'Deployment', 'recruitment'));
    const labels = { 'app.kubernetes.io/name': short };
    d.metadata.name = short;
    d.metadata.labels = labels;
    d.spec.selector.matchLabels = labels;
    d.spec.template.metadata.labels = labels;
    d.spec.template.spec.containers[0].name = short;
    d.spec.template.spec.containers[0].image = `registry.example/jstedu/${bin}:1.0.0`;
    o.push(d);
    return d;
  };
  const RECRUIT_GRPC = 'gRPC port 50051 \\(grpc\\)';
  const flowCases = [
    ['shared NetworkPolicy only (component selector)', /Deployment\/jstedu\/recruitment: no NetworkPolicy of its own \(podSelector on app.kubernetes.io\/name=recruitment\)/, (o) => {
      find(o, 'Deployment', 'recruitment').spec.template.metadata.labels['app.kubernetes.io/component'] = 'service';
      np(o, 'recruitment-allow').podSelector = { matchLabels: { 'app.kubernetes.io/component': 'service' } };
    }],
    ['own policy by a multi-value In', /Deployment\/jstedu\/recruitment: no NetworkPolicy of its own/, (o) => {
      np(o, 'recruitment-allow').podSelector = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['recruitment', 'gateway'] }] };
    }],
    ['backend ingress without from', new RegExp(`recruitment-allow ingress\\[0\\] lets everywhere \\(no peers\\) reach its ${RECRUIT_GRPC}`), (o) => {
      delete np(o, 'recruitment-allow').ingress[0].from;
    }],
    ['backend ingress from [{}]', new RegExp(`lets everywhere \\(an empty peer \\{\\}\\) reach its ${RECRUIT_GRPC}`), (o) => {
      np(o, 'recruitment-allow').ingress[0].from = [{}];
    }],
    ['backend ingress [{}] (no from, no ports)', /recruitment-allow ingress\[2\] lets everywhere \(no peers\) reach its gRPC/, (o) => {
      np(o, 'recruitment-allow').ingress.push({});
    }],
    ['backend metrics port from everywhere', /recruitment-allow ingress\[1\] lets everywhere \(no peers\) reach ports 9101/, (o) => {
      delete np(o, 'recruitment-allow').ingress[1].from;
    }],
    ['backend ingress from every pod of the namespace', new RegExp(`lets every pod of namespace jstedu reach its ${RECRUIT_GRPC}`), (o) => {
      np(o, 'recruitment-allow').ingress[0].from.push({ podSelector: {} });
    }],
    ['backend ingress from 0.0.0.0/0', /lets everywhere \(ipBlock 0.0.0.0\/0\) reach its gRPC/, (o) => {
      np(o, 'recruitment-allow').ingress[0].from.push({ ipBlock: { cidr: '0.0.0.0/0' } });
    }],
    ['backend ingress from an ipBlock', /lets ipBlock 10.0.0.0\/8 reach its gRPC port 50051 \(grpc\) \(only jstedu-gateway, jstedu-reporting, jstedu-notifications may\)/, (o) => {
      np(o, 'recruitment-allow').ingress[0].from.push({ ipBlock: { cidr: '10.0.0.0/8' } });
    }],
    ['backend gRPC from the monitoring namespace (rule without ports)', /recruitment-allow ingress\[1\] lets namespace monitoring reach its gRPC port 50051/, (o) => {
      delete np(o, 'recruitment-allow').ingress[1].ports;
    }],
    ['backend gRPC from every namespace', /lets pods of every namespace .* reach its gRPC/, (o) => {
      np(o, 'recruitment-allow').ingress[0].from.push({ namespaceSelector: {}, podSelector: { matchLabels: { a: 'b' } } });
    }],
    ['backend gRPC from a workload that is no caller', /recruitment-allow ingress\[0\] lets jstedu-training reach its gRPC port 50051 \(grpc\) \(only jstedu-gateway, jstedu-reporting, jstedu-notifications may\)/, (o) => {
      addBackend(o, 'jstedu-training', 'training');
      np(o, 'recruitment-allow').ingress[0].from.push({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'training' } } });
    }],
    ['backend gRPC by a policy without policyTypes', /recruitment-open ingress\[0\] lets everywhere \(an empty peer \{\}\)/, (o) => {
      o.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'recruitment-open', namespace: 'jstedu' },
        spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'recruitment' } }, ingress: [{ from: [{}] }] } });
    }],
    ['backend not isolated for ingress', /Deployment\/jstedu\/recruitment: no NetworkPolicy isolates its pods for Ingress/, (o) => {
      remove(o, 'NetworkPolicy', 'default-deny');
      remove(o, 'NetworkPolicy', 'recruitment-allow');
    }],
    ['gateway cannot reach a backend (ingress side)', /Deployment\/jstedu\/recruitment: no ingress rule lets jstedu-gateway reach its gRPC port 50051/, (o) => {
      np(o, 'recruitment-allow').ingress[0].ports = [{ port: 50052, protocol: 'TCP' }];
    }],
    ['gateway cannot reach a backend (egress side)', /Deployment\/jstedu\/gateway: no egress rule lets it reach jstedu-recruitment's gRPC port 50051/, (o) => {
      np(o, 'gateway-allow').egress[0].ports = [{ port: 50051, protocol: 'UDP' }];
    }],
    ['gateway ingress without from', /gateway-allow ingress\[2\] lets everywhere \(no peers\) reach the gateway \(ports 8080\); only namespaces ingress-nginx and monitoring may/, (o) => {
      np(o, 'gateway-allow').ingress.push({ ports: [{ port: 8080 }] });
    }],
    ['gateway ingress [{}]', /gateway-allow ingress\[0\] lets everywhere \(an empty peer \{\}\) reach the gateway/, (o) => {
      np(o, 'gateway-allow').ingress[0].from = [{}];
    }],
    ['gateway ingress from pods of its namespace', /gateway-allow ingress\[0\] lets pods .*recruitment.* reach the gateway/, (o) => {
      np(o, 'gateway-allow').ingress[0].from.push({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'recruitment' } } });
    }],
    ['gateway ingress from another namespace', /lets namespace default reach the gateway/, (o) => {
      np(o, 'gateway-allow').ingress[0].from.push(nsPeer('default'));
    }],
    ['gateway ingress from namespaces by other labels', /lets namespaces matching .*team.* reach the gateway/, (o) => {
      np(o, 'gateway-allow').ingress[0].from = [{ namespaceSelector: { matchLabels: { team: 'edge' } } }];
    }],
    ['gateway ingress from an ipBlock', /lets ipBlock 192.168.0.0\/16 reach the gateway/, (o) => {
      np(o, 'gateway-allow').ingress[0].from.push({ ipBlock: { cidr: '192.168.0.0/16' } });
    }],
    ['gateway unreachable from the ingress controller', /no ingress rule lets namespace ingress-nginx reach the gateway's http port 8080/, (o) => {
      np(o, 'gateway-allow').ingress[0].ports = [{ port: 9100, protocol: 'TCP' }];
    }],
    ['egress to everything', /gateway-allow egress\[1\] allows egress to everywhere \(no peers\) on every port/, (o) => {
      np(o, 'gateway-allow').egress.push({});
    }],
    ['egress to [{}] on 443', /recruitment-allow egress\[0\] allows egress to everywhere \(an empty peer \{\}\) on ports 443/, (o) => {
      np(o, 'recruitment-allow').egress = [{ to: [{}], ports: [{ port: 443 }] }];
    }],
    ['egress to 0.0.0.0/0', /allow-dns egress\[1\] allows egress to everywhere \(ipBlock 0.0.0.0\/0\) on every port/, (o) => {
      np(o, 'allow-dns').egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] });
    }],
    ['egress to everywhere on DNS and 80', /allows egress to everywhere \(no peers\) on ports 53, 80/, (o) => {
      np(o, 'allow-dns').egress = [{ ports: [{ port: 53 }, { port: 80 }] }];
    }],
    // Ports.
    ['probe port not declared', /container recruitment: readinessProbe.grpc.port 50052 is not a containerPort \(50051, 9101\)/, (o) => {
      rec(o).readinessProbe.grpc.port = 50052;
    }],
    ['named probe port not declared', /container gateway: livenessProbe.httpGet.port "admin" names no port of the container/, (o) => {
      gw(o).livenessProbe.httpGet.port = 'admin';
    }],
    ['probe port number not declared (http)', /container gateway: readinessProbe.httpGet.port 8081 is not a containerPort/, (o) => {
      gw(o).readinessProbe.httpGet.port = 8081;
    }],
    ['gRPC listen port not declared', /container recruitment: JSTEDU_GRPC_LISTEN="0.0.0.0:50052" listens on 50052, not a containerPort \(50051, 9101\)/, (o) => {
      rec(o).env.find((e) => e.name === 'JSTEDU_GRPC_LISTEN').value = '0.0.0.0:50052';
    }],
    ['HTTP listen port (ConfigMap) not declared', /container gateway: JSTEDU_HTTP_LISTEN=":8081" listens on 8081/, (o) => {
      find(o, 'ConfigMap', 'gateway-env').data.JSTEDU_HTTP_LISTEN = ':8081';
    }],
    ['admin listen port not declared', /container gateway: JSTEDU_ADMIN_LISTEN="0.0.0.0:9200" listens on 9200/, (o) => {
      find(o, 'ConfigMap', 'gateway-env').data.JSTEDU_ADMIN_LISTEN = '0.0.0.0:9200';
    }],
    ['listen address without a port', /JSTEDU_ADMIN_LISTEN="localhost" has no :port/, (o) => {
      rec(o).env.find((e) => e.name === 'JSTEDU_ADMIN_LISTEN').value = 'localhost';
    }],
    ['Service targetPort name not declared', /Service\/jstedu\/recruitment port grpc: targetPort "grpcc" is not a containerPort of Deployment\/jstedu\/recruitment/, (o) => {
      find(o, 'Service', 'recruitment').spec.ports[0].targetPort = 'grpcc';
    }],
    ['Service targetPort number not declared', /Service\/jstedu\/recruitment port metrics: targetPort 9102 is not a containerPort/, (o) => {
      find(o, 'Service', 'recruitment').spec.ports[1].targetPort = 9102;
    }],
    ['Service targetPort defaulting to port', /Service\/jstedu\/gateway port http: targetPort 80 is not a containerPort/, (o) => {
      delete find(o, 'Service', 'gateway').spec.ports[0].targetPort;
    }],
    ['liveness without the liveness service', /container recruitment: livenessProbe is not a grpc probe of service "jstedu.liveness"/, (o) => {
      delete rec(o).livenessProbe.grpc.service;
    }],
    ['liveness over tcpSocket', /container recruitment: livenessProbe is not a grpc probe of service "jstedu.liveness" \(got \["tcpSocket","periodSeconds"\]\)/, (o) => {
      rec(o).livenessProbe = { tcpSocket: { port: 50051 }, periodSeconds: 10 };
    }],
    ['readiness asking for a service', /container recruitment: readinessProbe is not a grpc probe of the server's overall health \(no service\) \(got "jstedu.liveness"\)/, (o) => {
      rec(o).readinessProbe.grpc.service = 'jstedu.liveness';
    }],
    // Burst multiplier.
    ['burst multiplier too small', /limit-burst-multiplier "2" differs from the gateway's JSTEDU_RATE_LIMIT_BURST \/ JSTEDU_RATE_LIMIT_RPS = 120 \/ 50, rounded up: 3/, (o) => {
      find(o, 'Ingress', 'gateway').metadata.annotations[BURST_MULTIPLIER] = '2';
    }],
    ['burst multiplier after the burst changed', /limit-burst-multiplier "3" differs .* = 100 \/ 50, rounded up: 2/, (o) => {
      find(o, 'ConfigMap', 'gateway-env').data.JSTEDU_RATE_LIMIT_BURST = '100';
    }],
    ['no burst multiplier', /no nginx.ingress.kubernetes.io\/limit-burst-multiplier annotation \(the gateway's burst 120 \/ 50 rps needs 3\)/, (o) => {
      delete find(o, 'Ingress', 'gateway').metadata.annotations[BURST_MULTIPLIER];
    }],
    ['burst not set for the gateway', /JSTEDU_RATE_LIMIT_BURST is not set/, (o) => {
      delete find(o, 'ConfigMap', 'gateway-env').data.JSTEDU_RATE_LIMIT_BURST;
    }],
    ['burst not a number', /JSTEDU_RATE_LIMIT_BURST "lots" are not positive numbers/, (o) => {
      find(o, 'ConfigMap', 'gateway-env').data.JSTEDU_RATE_LIMIT_BURST = 'lots';
    }],
  ];
  for (const [label, re, fn] of flowCases) {
    const objs = k.clone(base);
    fn(objs);
    k.expectProblem(results, label, checkOverlay('fixture', objs, ctx), re);
  }
  // What must still pass: reporting reaching recruitment, DNS open to any
  // destination, ports by name and number, a rounded-up multiplier.
  const expectNone = (label, problems, re) => {
    const hits = problems.filter((p) => re.test(p));
    results.push(hits.length === 0 ? null : `self-test "${label}": expected no problem matching ${re}, got` +
      hits.map((p) => `\n      ${p}`).join(''));
  };
  {
    const objs = k.clone(base);
    addBackend(objs, 'jstedu-reporting', 'reporting');
    np(objs, 'recruitment-allow').ingress[0].from.push({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'reporting' } } });
    expectNone('reporting may reach recruitment', checkOverlay('fixture', objs, ctx), /recruitment.*(reach its gRPC|no ingress rule)/);
    expectNone('shared policy is fine besides an own one', checkOverlay('fixture', objs, ctx), /Deployment\/jstedu\/recruitment: no NetworkPolicy of its own/);
    np(objs, 'recruitment-allow').ingress[0].from.pop();
    k.expectProblem(results, 'reporting not let in to recruitment', checkOverlay('fixture', objs, ctx),
      /Deployment\/jstedu\/recruitment: no ingress rule lets jstedu-reporting reach its gRPC port 50051/);
  }
  {
    const objs = k.clone(base);
    np(objs, 'allow-dns').egress = [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }];
    find(objs, 'ConfigMap', 'gateway-env').data.JSTEDU_RATE_LIMIT_BURST = '101';
    rec(objs).readinessProbe.grpc.port = 'grpc';
    rec(objs).readinessProbe.grpc.service = '';
    k.expectClean(results, 'DNS to any destination, 101/50 -> 3, probe port by name, empty readiness service',
      checkOverlay('fixture', objs, ctx));
  }
  {
    // Without its own policy the old check (any non-empty podSelector) still
    // passes a shared one: the new check is what catches it.
    const objs = k.clone(base);
    find(objs, 'Deployment', 'recruitment').spec.template.metadata.labels['app.kubernetes.io/component'] = 'service';
    np(objs, 'recruitment-allow').podSelector = { matchLabels: { 'app.kubernetes.io/component': 'service' } };
    expectNone('shared policy passes the old podSelector check', checkOverlay('fixture', objs, ctx), /no NetworkPolicy with a podSelector/);
  }

  {
    // SMTP: notifications to the relay on 587, nobody else.
    const smtpPolicy = (podName, rule) => ({
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
      metadata: { name: `${podName}-smtp`, namespace: 'jstedu' },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': podName } }, policyTypes: ['Egress'],
        egress: [rule],
      },
    });
    const relay = { to: [{ ipBlock: { cidr: '10.0.12.0/24' } }], ports: [{ port: 587, protocol: 'TCP' }] };
    const SMTP_RE = /SMTP|relay/;
    const withSender = (rule) => {
      const objs = k.clone(base);
      addBackend(objs, 'jstedu-notifications', 'notifications');
      if (rule) objs.push(smtpPolicy('notifications', rule));
      return objs;
    };
    expectNone('notifications with its relay rule', checkOverlay('fixture', withSender(relay), ctx), SMTP_RE);
    k.expectProblem(results, 'notifications without a relay rule', checkOverlay('fixture', withSender(null), ctx),
      /Deployment\/jstedu\/notifications: no egress rule lets jstedu-notifications reach the SMTP relay \(TCP 587 to an ipBlock/);
    k.expectProblem(results, 'notifications to the relay on 25 only', checkOverlay('fixture',
      withSender({ to: relay.to, ports: [{ port: 25, protocol: 'TCP' }] }), ctx),
    /no egress rule lets jstedu-notifications reach the SMTP relay/);
    k.expectProblem(results, 'notifications to the relay on every port', checkOverlay('fixture',
      withSender({ to: relay.to }), ctx),
    /notifications-smtp egress\[0\] lets it reach ipBlock 10.0.12.0\/24 on every port; the SMTP relay takes TCP 587 only/);
    k.expectProblem(results, 'notifications to the relay by a port range', checkOverlay('fixture',
      withSender({ to: relay.to, ports: [{ port: 1, endPort: 1000, protocol: 'TCP' }] }), ctx),
    /notifications-smtp egress\[0\] lets it reach ipBlock 10.0.12.0\/24 on TCP 1-1000 too; the SMTP relay takes TCP 587 only/);
    k.expectProblem(results, 'notifications to the relay on 587 and 443', checkOverlay('fixture',
      withSender({ to: relay.to, ports: [{ port: 587, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }] }), ctx),
    /lets it reach ipBlock 10.0.12.0\/24 on TCP 443 too/);
    const recSmtp = k.clone(base);
    recSmtp.push(smtpPolicy('recruitment', relay));
    k.expectProblem(results, 'another workload sending SMTP', checkOverlay('fixture', recSmtp, ctx),
      /recruitment-smtp egress\[0\] lets jstedu-recruitment send SMTP \(TCP 587\) to ipBlock 10.0.12.0\/24; only jstedu-notifications may, to the relay/);
    const recAll = k.clone(base);
    recAll.push(smtpPolicy('recruitment', { to: [{ ipBlock: { cidr: '10.0.10.0/24' } }] }));
    k.expectProblem(results, 'another workload to an address on every port', checkOverlay('fixture', recAll, ctx),
      /lets jstedu-recruitment send SMTP \(TCP 25, 465, 587\) to ipBlock 10.0.10.0\/24/);
    const recDb = k.clone(base);
    recDb.push(smtpPolicy('recruitment', { to: [{ ipBlock: { cidr: '10.0.10.0/24' } }], ports: [{ port: 5432, protocol: 'TCP' }] }));
    expectNone('another workload to an address on another port', checkOverlay('fixture', recDb, ctx), SMTP_RE);
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
    realCopyNewChecks(name, r.objects, Object.assign({}, ctx, {
      prod: name === 'prod', deployable: k.deployableBinaries(), bodyLimit: limit.bodyLimit,
    }));
  }

  k.finish('policy_test self-test', results.filter(Boolean), `${results.length} cases behave`);

  // The network, port and burst checks on the real rendered overlay: each
  // passes on it as rendered, and fails on a copy broken in its way.
  function realCopyNewChecks(name, rendered, rctx) {
    const label = `overlays/${name}`;
    const known = rctx.deployable;
    const run = (objs, fn) => {
      const p = [];
      fn(objs, p);
      return p;
    };
    const flows = (o, p) => checkFlows(label, o, known, p);
    const ports = (o, p) => checkPorts(label, o, known, p);
    const own = (o, p) => checkOwnPolicies(label, o, p);
    const ingress = (o, p) => checkIngress(label, o, known, rctx, p);
    const smtp = (o, p) => checkSmtp(label, o, known, p);
    k.expectClean(results, `${label} as rendered: network flows`, run(k.clone(rendered), flows));
    k.expectClean(results, `${label} as rendered: ports and health services`, run(k.clone(rendered), ports));
    if (rctx.prod) k.expectClean(results, `${label} as rendered: a NetworkPolicy of its own per Deployment`, run(k.clone(rendered), own));
    k.expectClean(results, `${label} as rendered: Ingress annotations`, run(k.clone(rendered), ingress));
    k.expectClean(results, `${label} as rendered: SMTP only from notifications, to the relay`, run(k.clone(rendered), smtp));

    const pick = (objs) => {
      const deps = objs.filter((o) => o.kind === 'Deployment');
      const d = deps.find((x) => (k.podSpec(x).containers || []).some((c) => k.binaryOf(c, known) === 'jstedu-recruitment')) ||
        deps.find((x) => (k.podSpec(x).containers || []).some((c) => { const b = k.binaryOf(c, known); return b && b !== 'jstedu-gateway'; }));
      const g = deps.find((x) => (k.podSpec(x).containers || []).some((c) => k.binaryOf(c, known) === 'jstedu-gateway'));
      return { d, c: d && k.podSpec(d).containers[0], g, gc: g && k.podSpec(g).containers[0] };
    };
    const probe = pick(k.clone(rendered));
    if (!probe.d || !probe.g) {
      results.push(`self-test ${label}: no backend Deployment or no gateway Deployment to break`);
      return;
    }
    const dName = probe.d.metadata.name;
    const ownNps = (objs, w) => objs.filter((o) => o.kind === 'NetworkPolicy' && k.nsOf(o) === k.nsOf(w) &&
      ownPolicySelects(o, k.podLabels(w)[NAME_LABEL]));
    const grpcRule = (objs, w) => {
      const port = grpcPort(objs, w, k.podSpec(w).containers[0]);
      for (const n of ownNps(objs, w)) {
        const r = (n.spec.ingress || []).find((x) => portCovered(x.ports, port));
        if (r) return r;
      }
      return null;
    };
    const cases = [
      ['its own NetworkPolicy turned into a shared one', own, new RegExp(`Deployment/[^:]*/${dName}: no NetworkPolicy of its own`), (o, x) => {
        const comp = k.podLabels(x.d)['app.kubernetes.io/component'];
        for (const n of ownNps(o, x.d)) {
          n.spec.podSelector = comp ? { matchLabels: { 'app.kubernetes.io/component': comp } } : {};
        }
      }],
      ['backend gRPC rule without from', flows, new RegExp(`${dName}: .* lets everywhere \\(no peers\\) reach its gRPC port`), (o, x) => {
        const r = grpcRule(o, x.d);
        if (r) delete r.from;
      }],
      ['backend gRPC rule from [{}]', flows, /lets everywhere \(an empty peer \{\}\) reach its gRPC port/, (o, x) => {
        const r = grpcRule(o, x.d);
        if (r) r.from = [{}];
      }],
      ['backend gRPC from every pod of the namespace', flows, /lets every pod of namespace .* reach its gRPC port/, (o, x) => {
        const r = grpcRule(o, x.d);
        if (r) r.from.push({ podSelector: {} });
      }],
      ['gateway let in from its own namespace', flows, /lets pods .* reach the gateway/, (o, x) => {
        const n = ownNps(o, x.g).find((y) => (y.spec.ingress || []).length);
        if (n) n.spec.ingress[0].from.push({ podSelector: { matchLabels: { [NAME_LABEL]: k.podLabels(x.d)[NAME_LABEL] } } });
      }],
      ['egress to everything', flows, /allows egress to everywhere \(no peers\) on every port/, (o, x) => {
        const n = ownNps(o, x.d)[0];
        if (n) n.spec.egress = [{}];
      }],
      ['probe on an undeclared port', ports, /readinessProbe\.grpc\.port \d+ is not a containerPort/, (o, x) => {
        if (x.c.readinessProbe && x.c.readinessProbe.grpc) x.c.readinessProbe.grpc.port = 1;
      }],
      ['gRPC listen port moved', ports, /JSTEDU_GRPC_LISTEN="0.0.0.0:1" listens on 1, not a containerPort/, (o, x) => {
        for (const src of x.c.envFrom || []) {
          const cm = src.configMapRef && k.findObject(o, 'ConfigMap', k.nsOf(x.d), src.configMapRef.name);
          if (cm && cm.data && cm.data.JSTEDU_GRPC_LISTEN) cm.data.JSTEDU_GRPC_LISTEN = '0.0.0.0:1';
        }
        for (const e of x.c.env || []) if (e.name === 'JSTEDU_GRPC_LISTEN') e.value = '0.0.0.0:1';
      }],
      ['Service targetPort renamed', ports, /targetPort "nope" is not a containerPort/, (o, x) => {
        const svc = o.find((s) => s.kind === 'Service' && s.spec && k.mapSelectorMatches(s.spec.selector, k.podLabels(x.d)));
        if (svc) svc.spec.ports[0].targetPort = 'nope';
      }],
      ['liveness without the liveness service', ports, /livenessProbe is not a grpc probe of service "jstedu.liveness"/, (o, x) => {
        if (x.c.livenessProbe && x.c.livenessProbe.grpc) delete x.c.livenessProbe.grpc.service;
      }],
      ['readiness asking for the liveness service', ports, /readinessProbe is not a grpc probe of the server's overall health/, (o, x) => {
        if (x.c.readinessProbe && x.c.readinessProbe.grpc) x.c.readinessProbe.grpc.service = 'jstedu.liveness';
      }],
      ['burst multiplier 99', ingress, /limit-burst-multiplier "99" differs from the gateway's JSTEDU_RATE_LIMIT_BURST/, (o) => {
        for (const ing of o.filter((y) => y.kind === 'Ingress')) {
          ing.metadata.annotations = Object.assign({}, ing.metadata.annotations, { [BURST_MULTIPLIER]: '99' });
        }
      }],
      // SMTP: the relay's rule gone; opened to every port; another
      // workload given it.
      ['no egress to the SMTP relay', smtp, /no egress rule lets jstedu-notifications reach the SMTP relay/, (o) => {
        for (const n of smtpRules(o)) n.rules.forEach((r) => { r.ports = [{ port: 25, protocol: 'TCP' }]; });
      }],
      ['the SMTP relay on every port', smtp, /on every port; the SMTP relay takes TCP 587 only/, (o) => {
        for (const n of smtpRules(o)) n.rules.forEach((r) => { delete r.ports; });
      }],
      ['SMTP egress given to the gateway', smtp, /lets jstedu-gateway send SMTP \(TCP 587\)/, (o, x) => {
        for (const n of smtpRules(o)) {
          n.np.spec.podSelector = { matchLabels: { [NAME_LABEL]: k.podLabels(x.g)[NAME_LABEL] } };
        }
      }],
    ];
    // Notifications' egress rules to the relay (an ipBlock on TCP 587).
    function smtpRules(objs) {
      return objs.filter((o) => o.kind === 'NetworkPolicy' && o.spec &&
        (o.spec.egress || []).some((r) => (r.to || []).some((p) => p.ipBlock) && portCovered(r.ports, { number: 587, protocol: 'TCP' })) &&
        ownPolicySelects(o, 'jstedu-notifications'))
        .map((np) => ({ np, rules: np.spec.egress.filter((r) => (r.to || []).some((p) => p.ipBlock) && portCovered(r.ports, { number: 587, protocol: 'TCP' })) }));
    }
    for (const [what, fn, re, mutateFn] of cases) {
      if (fn === own && !rctx.prod) continue;
      const objs = k.clone(rendered);
      mutateFn(objs, pick(objs));
      k.expectProblem(results, `${label} copy: ${what}`, run(objs, fn), re);
    }
  }

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
