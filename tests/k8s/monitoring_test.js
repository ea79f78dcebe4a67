#!/usr/bin/env node
'use strict';
// The prod overlay's monitoring (deploy/k8s/overlays/prod/monitoring.yaml):
//  - there is a PodMonitor scraping the admin port (`metrics`) of every
//    jstedu Deployment's pods, and a PrometheusRule;
//  - `promtool check rules` accepts the PrometheusRule's groups;
//  - `promtool test rules` passes tests/k8s/alerts_test.yml against them:
//    each alert fires on its series with the labels expected, and stays
//    quiet on the healthy ones (the expected annotations are the rule's,
//    templated with the expected labels here);
//  - every alert has a test that makes it fire, and docs/operations.md
//    names every alert.
//
//   node tests/k8s/monitoring_test.js              check deploy/k8s
//   node tests/k8s/monitoring_test.js --self-test  prove the checks fail

const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const k = require('./lib/k8s');

const PROMTOOL = process.env.JSTEDU_PROMTOOL || 'promtool';
const ALERT_TESTS = path.join(__dirname, 'alerts_test.yml');
const OPERATIONS = path.join(k.SOURCE_DIR, 'docs', 'operations.md');

function promtool(args) {
  const r = childProcess.spawnSync(PROMTOOL, args, { encoding: 'utf8', timeout: 120000 });
  if (r.error) return { status: -1, output: `cannot run ${PROMTOOL}: ${r.error.message}` };
  return { status: r.status, output: `${r.stdout || ''}${r.stderr || ''}`.trim() };
}

// {{ $labels.x }} of an annotation filled in from `labels`.
function templated(text, labels) {
  return String(text).replace(/\{\{\s*\$labels\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g,
    (_, name) => (labels[name] === undefined ? '' : String(labels[name])));
}

// The alert unit tests with rule_files pointing at `rulesFile` and every
// expected alert given the rule's annotations.
function completeTests(tests, rules) {
  const annotations = new Map();
  for (const g of rules.groups || []) {
    for (const r of g.rules || []) if (r.alert) annotations.set(r.alert, r.annotations || {});
  }
  const out = k.clone(tests);
  for (const t of out.tests || []) {
    for (const a of t.alert_rule_test || []) {
      for (const e of a.exp_alerts || []) {
        if (e.exp_annotations) continue;
        const want = {};
        for (const [name, text] of Object.entries(annotations.get(a.alertname) || {})) {
          want[name] = templated(text, e.exp_labels || {});
        }
        e.exp_annotations = want;
      }
    }
  }
  return out;
}

// Problems of the monitoring objects among `objects`, promtool included.
function check(objects, tests, docs) {
  const problems = [];
  const podMonitors = objects.filter((o) => o.kind === 'PodMonitor');
  const rules = objects.filter((o) => o.kind === 'PrometheusRule');
  if (podMonitors.length !== 1) problems.push(`expected one PodMonitor, found ${podMonitors.length}`);
  if (rules.length !== 1) problems.push(`expected one PrometheusRule, found ${rules.length}`);
  if (problems.length) return problems;

  // The PodMonitor selects every Deployment's pods, on their metrics port.
  const pm = podMonitors[0];
  const endpoints = (pm.spec && pm.spec.podMetricsEndpoints) || [];
  if (!endpoints.some((e) => e.port === 'metrics' && (e.path || '/metrics') === '/metrics')) {
    problems.push(`PodMonitor ${pm.metadata.name}: no endpoint on port "metrics" at /metrics`);
  }
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    const labels = k.podLabels(d);
    if (!k.selectorMatches(pm.spec.selector, labels)) {
      problems.push(`PodMonitor ${pm.metadata.name} does not select the pods of Deployment ${d.metadata.name}`);
    }
    const ports = (k.podSpec(d).containers || []).flatMap((c) => c.ports || []);
    if (!ports.some((p) => p.name === 'metrics')) {
      problems.push(`Deployment ${d.metadata.name} has no container port named "metrics" to scrape`);
    }
  }

  const spec = rules[0].spec || {};
  const alerts = (spec.groups || []).flatMap((g) => (g.rules || []).filter((r) => r.alert).map((r) => r.alert));
  if (alerts.length === 0) problems.push('the PrometheusRule has no alert');

  // Every alert fires in some test, and the runbook names it; the labels
  // its annotations name are labels the alert carries.
  const annotations = new Map();
  for (const g of spec.groups || []) {
    for (const r of g.rules || []) if (r.alert) annotations.set(r.alert, r.annotations || {});
  }
  const fired = new Set();
  for (const t of tests.tests || []) {
    for (const a of t.alert_rule_test || []) {
      if ((a.exp_alerts || []).length) fired.add(a.alertname);
      for (const e of a.exp_alerts || []) {
        for (const [field, text] of Object.entries(annotations.get(a.alertname) || {})) {
          for (const [, name] of String(text).matchAll(/\{\{\s*\$labels\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) {
            if (!(e.exp_labels || {})[name]) {
              problems.push(`alert ${a.alertname}: its ${field} names $labels.${name}, a label the alert does not carry`);
            }
          }
        }
      }
    }
  }
  for (const a of alerts) {
    if (!fired.has(a)) problems.push(`alert ${a} has no test in tests/k8s/alerts_test.yml that makes it fire`);
    if (!docs.includes(a)) problems.push(`alert ${a} is not named in docs/operations.md`);
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jstedu-alerts-'));
  try {
    const rulesFile = path.join(tmp, 'jstedu.rules.yml');
    fs.writeFileSync(rulesFile, k.yaml.dump({ groups: spec.groups || [] }, { noRefs: true, lineWidth: -1 }));
    const checked = promtool(['check', 'rules', rulesFile]);
    if (checked.status !== 0) {
      problems.push(`promtool check rules refused the PrometheusRule:\n${checked.output}`);
      return problems;
    }
    const testsFile = path.join(tmp, 'alerts_test.yml');
    const complete = completeTests(tests, spec);
    complete.rule_files = [rulesFile];
    fs.writeFileSync(testsFile, k.yaml.dump(complete, { noRefs: true, lineWidth: -1 }));
    const tested = promtool(['test', 'rules', testsFile]);
    if (tested.status !== 0) problems.push(`promtool test rules failed:\n${tested.output}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return problems;
}

function load() {
  const r = k.render(k.overlayTarget('prod'));
  if (r.error) k.finish('monitoring', [r.error], '');
  return {
    objects: r.objects,
    tests: k.yaml.load(fs.readFileSync(ALERT_TESTS, 'utf8')),
    docs: fs.readFileSync(OPERATIONS, 'utf8'),
  };
}

function main() {
  const { objects, tests, docs } = load();
  const problems = check(objects, tests, docs);
  const rule = objects.find((o) => o.kind === 'PrometheusRule');
  const count = rule ? rule.spec.groups.flatMap((g) => g.rules).length : 0;
  k.finish('prod monitoring (PodMonitor, PrometheusRule, promtool check and test rules)', problems,
    `${count} alerts valid, each fires in its test, none on healthy series`);
}

function selfTest() {
  const { objects, tests, docs } = load();
  const results = [];
  k.expectClean(results, 'as rendered', check(objects, tests, docs));
  const mutate = (label, re, fn, useTests = tests, useDocs = docs) => {
    const objs = k.clone(objects);
    fn(objs);
    k.expectProblem(results, label, check(objs, useTests, useDocs), re);
  };
  const rule = (objs, name) => objs.find((o) => o.kind === 'PrometheusRule')
    .spec.groups.flatMap((g) => g.rules).find((r) => r.alert === name);
  mutate('an expression that does not parse', /promtool check rules refused/, (o) => {
    rule(o, 'JsteduDeadLetters').expr = 'sum by (consumer (increase(x[15m]))';
  });
  mutate('a threshold that no longer fires on its series', /promtool test rules failed/, (o) => {
    rule(o, 'JsteduConsumerLag').expr = 'max by (consumer, stream) (jstedu_consumer_lag{namespace="jstedu"}) > 10000';
  });
  mutate('an alert that fires on healthy series', /promtool test rules failed/, (o) => {
    rule(o, 'JsteduTargetDown').expr = 'up{namespace="jstedu"} >= 0';
  });
  mutate('a summary with a wrong label', /summary names \$labels\.consumer, a label the alert does not carry/, (o) => {
    rule(o, 'JsteduOutboxStuck').annotations.summary = '{{ $labels.consumer }}: stuck';
  });
  mutate('an alert without a test', /JsteduNew has no test/, (o) => {
    o.find((x) => x.kind === 'PrometheusRule').spec.groups[0].rules.push(
      { alert: 'JsteduNew', expr: 'vector(1)', labels: { severity: 'info' } });
  });
  mutate('an alert the runbook does not name', /JsteduTargetDown is not named in docs/, () => {},
    tests, docs.replace(/JsteduTargetDown/g, 'TargetDown'));
  mutate('no PodMonitor', /expected one PodMonitor/, (o) => {
    o.splice(o.findIndex((x) => x.kind === 'PodMonitor'), 1);
  });
  mutate('a PodMonitor missing the gateway', /does not select the pods of Deployment jstedu-gateway/, (o) => {
    const sel = o.find((x) => x.kind === 'PodMonitor').spec.selector.matchExpressions[0];
    sel.values = sel.values.filter((v) => v !== 'jstedu-gateway');
  });
  mutate('a PodMonitor on the wrong port', /no endpoint on port "metrics"/, (o) => {
    o.find((x) => x.kind === 'PodMonitor').spec.podMetricsEndpoints[0].port = 'grpc';
  });
  k.finish('monitoring_test self-test', results.filter(Boolean), `${results.length} cases behave`);
}

if (process.argv.includes('--self-test')) selfTest();
else main();
