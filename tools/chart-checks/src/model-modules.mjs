// Where the offline schema of an apiVersion lives: Kubernetes itself (kubernetes-models), KEDA and the
// Prometheus Operator. An apiVersion outside these has no schema here, and validation says so.
const THIRD_PARTY = {
  'keda.sh': '@kubernetes-models/keda/keda.sh',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator/monitoring.coreos.com',
};

/** The module exporting the model classes and `I<Kind>` interfaces of an apiVersion. */
export function modelModule(apiVersion) {
  if (typeof apiVersion !== 'string' || !/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion)) {
    return undefined;
  }
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === '') return `kubernetes-models/${version}`;
  if (THIRD_PARTY[group]) return `${THIRD_PARTY[group]}/${version}`;
  if (group.endsWith('.k8s.io') || !group.includes('.')) return `kubernetes-models/${group}/${version}`;
  return undefined;
}
