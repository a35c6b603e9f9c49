{{/* What the scheduler chart does differently from the executor chart (see _common.tpl). */}}

{{- define "latigo.app.component" -}}scheduler{{- end -}}

{{- define "latigo.app.configFileEnvVar" -}}LATIGO_SCHEDULER_CONFIG_FILE{{- end -}}

{{/* server.shutdown_timeout_ms in apps/scheduler/config/defaults.yaml. */}}
{{- define "latigo.app.defaultShutdownTimeoutMs" -}}25000{{- end -}}

{{/* One scheduler at most: two would enqueue every slot twice (the Redis lease is the second guard). */}}
{{- define "latigo.app.replicas" -}}
replicas: {{ .Values.replicaCount }}
{{- end -}}

{{/* Recreate: the old pod is gone before the new one starts, so two never overlap in a rollout. */}}
{{- define "latigo.app.strategy" -}}
type: Recreate
{{- end -}}

{{- define "latigo.app.env" -}}
{{- end -}}

{{- define "latigo.app.validate" -}}
{{- if gt (int .Values.replicaCount) 1 -}}
{{- fail "replicaCount must be 0 or 1: two schedulers would enqueue every slot twice" -}}
{{- end -}}
{{- end -}}
