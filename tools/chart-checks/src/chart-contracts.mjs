// What the rendered charts promise beyond valid Kubernetes (peers-and-style.md §3): hardened pods,
// probes on /healthz and /readyz, config from a ConfigMap that rolls the pods, one scheduler, and an
// executor that never scales past the partitions and outlives its drain. Returns problem strings.
import { parse } from 'yaml';

const DRAIN_MARGIN_MS = 5000;

export function contractProblems({ app, objects, values, defaultShutdownMs }) {
  const problems = [];
  const expect = (condition, message) => {
    if (!condition) problems.push(message);
  };
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const [deployment] = byKind('Deployment');
  expect(byKind('Deployment').length === 1, `expected one Deployment, got ${byKind('Deployment').length}`);
  if (!deployment) return problems;

  const pod = deployment.spec.template;
  const container = pod.spec.containers[0];
  const sc = container.securityContext ?? {};
  expect(sc.readOnlyRootFilesystem === true, 'container: readOnlyRootFilesystem is not true');
  expect(sc.runAsNonRoot === true, 'container: runAsNonRoot is not true');
  expect(sc.allowPrivilegeEscalation === false, 'container: allowPrivilegeEscalation is not false');
  expect(sc.capabilities?.drop?.includes('ALL'), 'container: capabilities are not dropped');
  expect(sc.seccompProfile?.type === 'RuntimeDefault', 'container: seccompProfile is not RuntimeDefault');
  expect(pod.spec.automountServiceAccountToken === false, 'pod: the service account token is mounted');
  const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
  expect(tmp && pod.spec.volumes.find((v) => v.name === tmp.name)?.emptyDir, 'pod: no emptyDir on /tmp');
  expect(
    container.resources?.requests && container.resources?.limits?.memory,
    'container: no requests or memory limit',
  );

  if (!values.diagnosticMode?.enabled) {
    expect(container.livenessProbe?.httpGet?.path === '/healthz', 'liveness probe is not on /healthz');
    expect(container.readinessProbe?.httpGet?.path === '/readyz', 'readiness probe is not on /readyz');
    expect(container.startupProbe?.httpGet, 'no startup probe');
  }

  // Config: the env var names the mounted file, whose ConfigMap's hash rolls the pods.
  const configEnv = container.env?.find((e) => e.name === `LATIGO_${app.toUpperCase()}_CONFIG_FILE`);
  expect(
    configEnv?.value === '/etc/latigo/config.yaml',
    'config file env var does not point at /etc/latigo/config.yaml',
  );
  const configMap = byKind('ConfigMap').find((o) => o.data?.['config.yaml']);
  let config = {};
  if (!values.existingConfigmap) {
    expect(configMap?.data?.['config.yaml'], 'no ConfigMap with config.yaml');
    expect(
      /^[0-9a-f]{64}$/.test(pod.metadata.annotations?.['checksum/config'] ?? ''),
      'no checksum/config annotation',
    );
    config = parse(configMap?.data?.['config.yaml'] ?? '') ?? {};
    const port = container.ports?.find((p) => p.name === 'http')?.containerPort;
    expect(
      config.server?.port === port,
      `config server.port ${config.server?.port} differs from the container port ${port}`,
    );
  }

  // No secret values anywhere: only references to existingSecret.
  expect(byKind('Secret').length === 0, 'the chart renders a Secret');
  for (const env of container.env ?? []) {
    expect(
      !/connection|secret|password/i.test(env.name) || env.valueFrom,
      `env ${env.name} carries a literal value`,
    );
  }

  const shutdownMs =
    config.server?.shutdown_timeout_ms ?? values.config?.server?.shutdown_timeout_ms ?? defaultShutdownMs;
  const graceMs = pod.spec.terminationGracePeriodSeconds * 1000;
  expect(
    graceMs >= shutdownMs + DRAIN_MARGIN_MS,
    `grace period ${graceMs} ms < shutdown_timeout_ms ${shutdownMs} + 5 s`,
  );

  if (values.workloadIdentity?.enabled) {
    expect(
      pod.metadata.labels['azure.workload.identity/use'] === 'true',
      'workload identity: pod label missing',
    );
    const [sa] = byKind('ServiceAccount');
    expect(
      !sa || sa.metadata.annotations?.['azure.workload.identity/client-id'],
      'workload identity: annotation missing',
    );
  }
  if (values.metrics?.serviceMonitor?.enabled) {
    const [monitor] = byKind('ServiceMonitor');
    expect(monitor?.spec.endpoints?.[0]?.path === '/metrics', 'ServiceMonitor does not scrape /metrics');
    expect(byKind('Service').length === 1, 'ServiceMonitor without a Service');
  }

  if (app === 'scheduler') {
    expect(deployment.spec.replicas <= 1, `scheduler replicas ${deployment.spec.replicas} > 1`);
    expect(deployment.spec.strategy?.type === 'Recreate', 'scheduler strategy is not Recreate');
    expect(
      byKind('HorizontalPodAutoscaler').length + byKind('ScaledObject').length === 0,
      'scheduler autoscaled',
    );
  } else {
    executorContracts({ objects, values, deployment, container, expect });
  }
  return problems;
}

function executorContracts({ objects, values, deployment, container, expect }) {
  const partitions = values.partitions;
  const [scaledObject] = objects.filter((o) => o.kind === 'ScaledObject');
  const [hpa] = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
  expect(!(scaledObject && hpa), 'both a ScaledObject and an HPA');
  if (scaledObject || hpa)
    expect(deployment.spec.replicas === undefined, 'autoscaled Deployment sets replicas');
  else
    expect(
      deployment.spec.replicas <= partitions,
      `replicas ${deployment.spec.replicas} > partitions ${partitions}`,
    );
  if (hpa) expect(hpa.spec.maxReplicas <= partitions, `HPA maxReplicas ${hpa.spec.maxReplicas} > partitions`);
  if (!scaledObject) return;
  expect(scaledObject.spec.maxReplicaCount <= partitions, `KEDA maxReplicaCount > partitions ${partitions}`);
  const [trigger] = scaledObject.spec.triggers;
  expect(trigger.type === 'kafka', 'KEDA trigger is not kafka');
  expect(trigger.metadata.allowIdleConsumers === 'false', 'KEDA allows idle consumers');
  if (trigger.metadata.sasl === 'plaintext') {
    const auth = objects.find(
      (o) => o.kind === 'TriggerAuthentication' && o.metadata.name === trigger.authenticationRef?.name,
    );
    expect(auth, 'KEDA trigger without its TriggerAuthentication');
    const username = auth?.spec.env?.find((e) => e.parameter === 'username');
    const usernameEnv = container.env?.find((e) => e.name === username?.name);
    expect(usernameEnv?.value === '$ConnectionString', 'KEDA username is not $ConnectionString');
    const password = auth?.spec.secretTargetRef?.find((r) => r.parameter === 'password');
    expect(
      password?.name === values.existingSecret && password?.key,
      'KEDA password is not read from existingSecret',
    );
    expect(trigger.metadata.tls === 'enable', 'KEDA SASL without TLS');
  }
}
