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
    livenessProbe: { httpGet: { path: '/healthz', port: 9100 } },
    envFrom: [{ configMapRef: { name: 'gateway-env' } }],
    env: [{ name: 'JSTEDU_JWT_PUBLIC_KEY_FILE', value: '/keys/public.pem' }],
    ports: [{ name: 'http', containerPort: 8080 }],
  });
  const recruitment = container('jstedu-recruitment', {
    env: [
      { name: 'JSTEDU_PG_DSN', valueFrom: { secretKeyRef: { name: 'pg', key: 'dsn' } } },
      { name: 'JSTEDU_REDIS_ADDR', value: 'redis:6379' },
      { name: 'JSTEDU_SHUTDOWN_GRACE', value: '15s' },
      { name: 'JSTEDU_DRAIN_DELAY', value: '5s' },
    ],
  });
  const objects = [
    {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'gateway-env', namespace: 'jstedu' },
      data: { JSTEDU_RATE_LIMIT_RPS: '50', JSTEDU_SHUTDOWN_GRACE: '10s', JSTEDU_REDIS_ADDR: 'redis:6379' },
    },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pg', namespace: 'jstedu' }, type: 'Opaque', stringData: { dsn: 'host=pg' } },
    deployment('gateway', gwLabels, gateway),
    deployment('recruitment', recLabels, recruitment),
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'gateway', namespace: 'jstedu' },
      spec: { selector: gwLabels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
      metadata: {
        name: 'gateway', namespace: 'jstedu',
        annotations: {
          'nginx.ingress.kubernetes.io/proxy-body-size': '20m',
          'nginx.ingress.kubernetes.io/limit-rps': '50',
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
  ];
  for (const [name, labels] of [['gateway', gwLabels], ['recruitment', recLabels]]) {
    objects.push(
      {
        apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
        metadata: { name: `${name}-allow`, namespace: 'jstedu' },
        spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress'], ingress: [{}] },
      },
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
  'jstedu-gateway': ['JSTEDU_JWT_PUBLIC_KEY_FILE', 'JSTEDU_RATE_LIMIT_RPS', 'JSTEDU_REDIS_ADDR', 'JSTEDU_SHUTDOWN_GRACE'],
  'jstedu-recruitment': ['JSTEDU_DRAIN_DELAY', 'JSTEDU_PG_DSN', 'JSTEDU_REDIS_ADDR', 'JSTEDU_SHUTDOWN_GRACE'],
};

function find(objects, kind, name) {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

module.exports = { fixture, find, FIXTURE_ENV_VARS };
