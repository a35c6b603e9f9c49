#!/usr/bin/env bash
# Installs helm into $LATIGO_CACHE_DIR/bin with `go install` (no helm package in Debian or npm; the Go
# module proxy is reachable), only when the cached binary is missing or another version. Cold: about
# 2-4 min (modules into ~/go/pkg/mod, then the build); warm: nothing to do. Prints the binary's path.
set -euo pipefail

HELM_VERSION=v3.19.0
# The Kubernetes minor of helm 3.19's client-go (k8s.io/* v0.34): the default capabilities.
K8S_MINOR=34
BIN_DIR="${LATIGO_CACHE_DIR:-$HOME/.cache/latigo}/bin"
HELM="$BIN_DIR/helm"

if [[ -x $HELM && $("$HELM" version --template '{{.Version}}' 2>/dev/null) == "$HELM_VERSION" ]]; then
  echo "install-helm: cached helm $HELM_VERSION" >&2
  echo "$HELM"
  exit 0
fi
command -v go >/dev/null || { echo "install-helm: go is not installed" >&2; exit 1; }
mkdir -p "$BIN_DIR"
started=$SECONDS
# The ldflags of helm's own release build (Makefile): without them `helm version` says v3.19 and
# helm assumes Kubernetes v1.20, which charts requiring a newer kubeVersion refuse.
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
for pkg in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
  ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$K8S_MINOR"
done
GOBIN="$BIN_DIR" go install -trimpath -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >&2
[[ $("$HELM" version --template '{{.Version}}') == "$HELM_VERSION" ]] ||
  { echo "install-helm: $HELM does not report $HELM_VERSION" >&2; exit 1; }
echo "install-helm: helm $HELM_VERSION built in $((SECONDS - started)) s" >&2
echo "$HELM"
