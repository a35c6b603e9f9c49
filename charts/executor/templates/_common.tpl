{{/*
Helpers shared by the scheduler and executor charts. This file is identical in both charts
(tools/chart-checks fails when they drift); what differs lives in _app.tpl.
*/}}

{{- define "latigo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "latigo.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "latigo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "latigo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "latigo.labels" -}}
{{ include "latigo.selectorLabels" . }}
app.kubernetes.io/component: {{ include "latigo.app.component" . }}
app.kubernetes.io/part-of: latigo
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "latigo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "latigo.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "latigo.image" -}}
{{- $repo := .Values.image.repository -}}
{{- if .Values.image.registry -}}
{{- $repo = printf "%s/%s" .Values.image.registry .Values.image.repository -}}
{{- end -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repo .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (.Values.image.tag | default .Chart.AppVersion | toString) -}}
{{- end -}}
{{- end -}}

{{- define "latigo.configMapName" -}}
{{- .Values.existingConfigmap | default (include "latigo.fullname" .) -}}
{{- end -}}

{{/*
The app's override file: `config` from the values, with server.port taken from
containerPorts.http so the probes, the Service and the app agree on one port.
*/}}
{{- define "latigo.config" -}}
{{- $config := deepCopy (.Values.config | default dict) -}}
{{- $server := deepCopy (get $config "server" | default dict) -}}
{{- $_ := set $server "port" (int .Values.containerPorts.http) -}}
{{- $_ = set $config "server" $server -}}
{{- toYaml $config -}}
{{- end -}}

{{/* server.shutdown_timeout_ms as the app will see it (the app's default when unset). */}}
{{- define "latigo.shutdownTimeoutMs" -}}
{{- dig "server" "shutdown_timeout_ms" (include "latigo.app.defaultShutdownTimeoutMs" . | int) (.Values.config | default dict) | int -}}
{{- end -}}

{{/* A value that may hold templates, e.g. customLivenessProbe. */}}
{{- define "latigo.tplValue" -}}
{{- if typeIs "string" .value -}}
{{- tpl .value .context -}}
{{- else -}}
{{- tpl (toYaml .value) .context -}}
{{- end -}}
{{- end -}}

{{/*
Rendering fails on combinations the schema cannot express. Kubernetes sends SIGKILL when the
grace period ends: it must outlast the app's own drain deadline, with a margin for the kubelet.
*/}}
{{- define "latigo.validate" -}}
{{- $shutdownMs := include "latigo.shutdownTimeoutMs" . | int -}}
{{- $graceMs := mul (int .Values.terminationGracePeriodSeconds) 1000 -}}
{{- $marginMs := 5000 -}}
{{- if lt $graceMs (add $shutdownMs $marginMs) -}}
{{- fail (printf "terminationGracePeriodSeconds (%d s) must be at least config.server.shutdown_timeout_ms (%d ms) + 5 s, or Kubernetes kills the pod while it drains" (int .Values.terminationGracePeriodSeconds) $shutdownMs) -}}
{{- end -}}
{{- if and .Values.workloadIdentity.enabled (not .Values.workloadIdentity.clientId) .Values.serviceAccount.create -}}
{{- fail "workloadIdentity.enabled needs workloadIdentity.clientId (the managed identity's or app registration's client id)" -}}
{{- end -}}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.service.enabled) -}}
{{- fail "metrics.serviceMonitor.enabled needs service.enabled: the ServiceMonitor scrapes the Service" -}}
{{- end -}}
{{- include "latigo.app.validate" . -}}
{{- end -}}

{{/* Env vars filled from existingSecret: secretKeys maps an env var name to a key in the Secret. */}}
{{- define "latigo.secretEnv" -}}
{{- if .Values.existingSecret -}}
{{- range $envVar, $key := .Values.secretKeys -}}
{{- if $key }}
- name: {{ $envVar }}
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.existingSecret }}
      key: {{ $key }}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "latigo.affinity" -}}
{{- if .Values.affinity -}}
{{- include "latigo.tplValue" (dict "value" .Values.affinity "context" .) -}}
{{- else if .Values.podAntiAffinityPreset -}}
{{- $term := dict "topologyKey" "kubernetes.io/hostname" "labelSelector" (dict "matchLabels" (include "latigo.selectorLabels" . | fromYaml)) -}}
podAntiAffinity:
{{- if eq .Values.podAntiAffinityPreset "hard" }}
  requiredDuringSchedulingIgnoredDuringExecution:
    - {{- toYaml $term | nindent 6 }}
{{- else }}
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 1
      podAffinityTerm:
        {{- toYaml $term | nindent 8 }}
{{- end }}
{{- end -}}
{{- end -}}
