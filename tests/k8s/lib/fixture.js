'use strict';
// A small, compliant set of objects in the shape deploy/k8s renders (gateway
// and one service), for the self-tests: every check must pass on it, and
// each mutation of it must be reported.

function container(bin, extra = {}) {
  return Object.assign({
    name: bin.replace(/^jstedu-/, ''),
    image: `registry.example/jstedu/${bin}:1.0.0`,
    readinessProbe: { grpc: { port: 50051 }, periodSeconds: 5 },
    livenessProbe: { grpc: { port: 50051 }, periodSeconds: 10 },
    resources: {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    },
    securityContext: {
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
    lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
  }, extra);
}

function deployment(name, labels, c, extraPod = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'jstedu', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: Object.assign({
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          terminationGracePeriodSeconds: 30,
          containers: [c],
        }, extraPod),
      },
    },
  };
}

function fixture() {
  const gwLabels = { 'app.kubernetes.io/name': 'gateway' };
  const recLabels = { 'app.kubernetes.io/name': 'recruitment' };
  const gateway = container('jstedu-gateway', {
    readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
    livenessProbe: { httpGet: { path: '/healthz', port: 'metrics' } },
    envFrom: [{ configMapRef: { name: 'gateway-env' } }],
    env: [{ name: 'JSTEDU_JWT_PUBLIC_KEY_FILE', value: '/keys/public.pem' }],
    ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9100 }],
  });
  const recruitment = container('jstedu-recruitment', {
    livenessProbe: { grpc: { port: 50051, service: 'jstedu.liveness' }, periodSeconds: 10 },
    env: [
      { name: 'JSTEDU_PG_DSN', valueFrom: { secretKeyRef: { name: 'pg', key: 'dsn' } } },
      { name: 'JSTEDU_REDIS_ADDR', value: 'redis:6379' },
      { name: 'JSTEDU_SHUTDOWN_GRACE', value: '15s' },
      { name: 'JSTEDU_DRAIN_DELAY', value: '5s' },
      { name: 'JSTEDU_GRPC_LISTEN', value: '0.0.0.0:50051' },
      { name: 'JSTEDU_ADMIN_LISTEN', value: '0.0.0.0:9101' },
    ],
    ports: [{ name: 'grpc', containerPort: 50051 }, { name: 'metrics', containerPort: 9101 }],
  });
  const ns = (name) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
  const objects = [
    {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'gateway-env', namespace: 'jstedu' },
      data: {
        JSTEDU_RATE_LIMIT_RPS: '50', JSTEDU_RATE_LIMIT_BURST: '120', JSTEDU_SHUTDOWN_GRACE: '10s',
        JSTEDU_REDIS_ADDR: 'redis:6379', JSTEDU_HTTP_LISTEN: '0.0.0.0:8080', JSTEDU_ADMIN_LISTEN: '0.0.0.0:9100',
      },
    },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pg', namespace: 'jstedu' }, type: 'Opaque', stringData: { dsn: 'host=pg' } },
    deployment('gateway', gwLabels, gateway),
    deployment('recruitment', recLabels, recruitment),
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'gateway', namespace: 'jstedu' },
      spec: { selector: gwLabels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'recruitment', namespace: 'jstedu' },
      spec: {
        selector: recLabels, clusterIP: 'None',
        ports: [{ name: 'grpc', port: 50051, targetPort: 'grpc' }, { name: 'metrics', port: 9101, targetPort: 9101 }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
      metadata: {
        name: 'gateway', namespace: 'jstedu',
        annotations: {
          'nginx.ingress.kubernetes.io/proxy-body-size': '20m',
          'nginx.ingress.kubernetes.io/limit-rps': '50',
          'nginx.ingress.kubernetes.io/limit-burst-multiplier': '3',
        },
      },
      spec: {
        ingressClassName: 'nginx',
        rules: [{
          host: 'jstedu.example',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'gateway', port: { name: 'http' } } } }] },
        }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'jstedu' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns', namespace: 'jstedu' },
      spec: {
        podSelector: {}, policyTypes: ['Egress'],
        egress: [{
          to: [Object.assign(ns('kube-system'), { podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } })],
          ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
        }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
      metadata: { name: 'gateway-allow', namespace: 'jstedu' },
      spec: {
        podSelector: { matchLabels: gwLabels }, policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [ns('ingress-nginx')], ports: [{ port: 8080, protocol: 'TCP' }] },
          { from: [ns('monitoring')], ports: [{ port: 9100, protocol: 'TCP' }] },
        ],
        egress: [{ to: [{ podSelector: { matchLabels: recLabels } }], ports: [{ port: 50051, protocol: 'TCP' }] }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
      metadata: { name: 'recruitment-allow', namespace: 'jstedu' },
      spec: {
        podSelector: { matchLabels: recLabels }, policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: gwLabels } }], ports: [{ port: 'grpc', protocol: 'TCP' }] },
          { from: [ns('monitoring')], ports: [{ port: 9101, protocol: 'TCP' }] },
        ],
        egress: [],
      },
    },
  ];
  for (const [name, labels] of [['gateway', gwLabels], ['recruitment', recLabels]]) {
    objects.push(
      {
        apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
        metadata: { name, namespace: 'jstedu' },
        spec: { minAvailable: 1, selector: { matchLabels: labels } },
      },
      {
        apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler',
        metadata: { name, namespace: 'jstedu' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: 2, maxReplicas: 4,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
        },
      });
  }
  return objects;
}

// What the fixture's binaries read (their --env-vars output).
const FIXTURE_ENV_VARS = {
  'jstedu-gateway': ['JSTEDU_ADMIN_LISTEN', 'JSTEDU_HTTP_LISTEN', 'JSTEDU_JWT_PUBLIC_KEY_FILE', 'JSTEDU_RATE_LIMIT_BURST',
    'JSTEDU_RATE_LIMIT_RPS', 'JSTEDU_REDIS_ADDR', 'JSTEDU_SHUTDOWN_GRACE'],
  'jstedu-recruitment': ['JSTEDU_ADMIN_LISTEN', 'JSTEDU_DRAIN_DELAY', 'JSTEDU_GRPC_LISTEN', 'JSTEDU_PG_DSN',
    'JSTEDU_REDIS_ADDR', 'JSTEDU_SHUTDOWN_GRACE'],
};

function find(objects, kind, name) {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

module.exports = { fixture, find, FIXTURE_ENV_VARS };
