{{/* What the executor chart does differently from the scheduler chart (see _common.tpl). */}}

{{- define "latigo.app.component" -}}executor{{- end -}}

{{- define "latigo.app.configFileEnvVar" -}}LATIGO_EXECUTOR_CONFIG_FILE{{- end -}}

{{/* server.shutdown_timeout_ms in apps/executor/config/defaults.yaml. */}}
{{- define "latigo.app.defaultShutdownTimeoutMs" -}}25000{{- end -}}

{{/*
The share of server.shutdown_timeout_ms the executor spends finishing running tasks before it
closes its connections (DRAIN_SHARE in apps/executor/src/composition-root.ts), in percent.
*/}}
{{- define "latigo.app.drainPercent" -}}80{{- end -}}

{{/* An autoscaler owns the replica count when one is enabled. */}}
{{- define "latigo.app.replicas" -}}
{{- if not (or .Values.keda.enabled .Values.autoscaling.hpa.enabled) -}}
replicas: {{ .Values.replicaCount }}
{{- end -}}
{{- end -}}

{{- define "latigo.app.strategy" -}}
{{- toYaml .Values.updateStrategy -}}
{{- end -}}

{{- define "latigo.keda.usesSasl" -}}
{{- if and .Values.keda.enabled (eq .Values.keda.authentication.sasl "plaintext") -}}true{{- end -}}
{{- end -}}

{{/*
KEDA reads trigger parameters only by reference (Secret, env, ...), never as literals; the Event Hubs
username is the literal "$ConnectionString", so it reaches KEDA through this env var of the pod.
Kubernetes expands only $(NAME), so the value stays as written.
*/}}
{{- define "latigo.app.env" -}}
{{- if include "latigo.keda.usesSasl" . -}}
- name: LATIGO_KEDA_KAFKA_USERNAME
  value: {{ .Values.keda.authentication.username | quote }}
{{- end -}}
{{- end -}}

{{- define "latigo.keda.bootstrapServers" -}}
{{- .Values.keda.kafka.bootstrapServers | default (dig "task_queue" "bootstrap.servers" "" (.Values.config | default dict)) -}}
{{- end -}}

{{- define "latigo.keda.topic" -}}
{{- .Values.keda.kafka.topic | default (dig "task_queue" "topic" "" (.Values.config | default dict)) -}}
{{- end -}}

{{/* The app's group.id: config, else apps/executor/config/defaults.yaml's. */}}
{{- define "latigo.keda.consumerGroup" -}}
{{- .Values.keda.kafka.consumerGroup | default (dig "task_queue" "group.id" "latigo-executor" (.Values.config | default dict)) -}}
{{- end -}}

{{- define "latigo.keda.passwordKey" -}}
{{- .Values.keda.authentication.passwordSecretKey | default (get .Values.secretKeys "LATIGO_EVENT_HUBS_CONNECTION_STRING") -}}
{{- end -}}

{{- define "latigo.app.validate" -}}
{{- $partitions := int .Values.partitions -}}
{{- $hpa := .Values.autoscaling.hpa -}}
{{- if and .Values.keda.enabled $hpa.enabled -}}
{{- fail "enable keda or autoscaling.hpa, not both: two autoscalers would fight over the replica count" -}}
{{- end -}}
{{- if and (not .Values.keda.enabled) (not $hpa.enabled) (gt (int .Values.replicaCount) $partitions) -}}
{{- fail (printf "replicaCount (%d) must not exceed partitions (%d): an executor without a partition gets no tasks" (int .Values.replicaCount) $partitions) -}}
{{- end -}}
{{- if $hpa.enabled -}}
{{- if gt (int $hpa.maxReplicas) $partitions -}}
{{- fail (printf "autoscaling.hpa.maxReplicas (%d) must not exceed partitions (%d)" (int $hpa.maxReplicas) $partitions) -}}
{{- end -}}
{{- if gt (int $hpa.minReplicas) (int $hpa.maxReplicas) -}}
{{- fail "autoscaling.hpa.minReplicas must not exceed autoscaling.hpa.maxReplicas" -}}
{{- end -}}
{{- end -}}
{{- if .Values.keda.enabled -}}
{{- if gt (int .Values.keda.maxReplicaCount) $partitions -}}
{{- fail (printf "keda.maxReplicaCount (%d) must not exceed partitions (%d): extra consumers would sit idle" (int .Values.keda.maxReplicaCount) $partitions) -}}
{{- end -}}
{{- if gt (int .Values.keda.minReplicaCount) (int .Values.keda.maxReplicaCount) -}}
{{- fail "keda.minReplicaCount must not exceed keda.maxReplicaCount" -}}
{{- end -}}
{{- if not (include "latigo.keda.bootstrapServers" .) -}}
{{- fail "keda.enabled needs keda.kafka.bootstrapServers (Event Hubs: <namespace>.servicebus.windows.net:9093) or config.task_queue[\"bootstrap.servers\"]" -}}
{{- end -}}
{{- if not (include "latigo.keda.topic" .) -}}
{{- fail "keda.enabled needs keda.kafka.topic (Event Hubs: the event hub, the connection string's EntityPath) or config.task_queue.topic" -}}
{{- end -}}
{{- if and (include "latigo.keda.usesSasl" .) (not (and .Values.existingSecret (include "latigo.keda.passwordKey" .))) -}}
{{- fail "keda.authentication.sasl plaintext needs existingSecret and the key of the Event Hubs connection string (secretKeys.LATIGO_EVENT_HUBS_CONNECTION_STRING or keda.authentication.passwordSecretKey)" -}}
{{- end -}}
{{- end -}}
{{- $drainMs := div (mul (include "latigo.shutdownTimeoutMs" . | int) (include "latigo.app.drainPercent" . | int)) 100 -}}
{{- if lt $drainMs (mul (int .Values.longestTaskSeconds) 1000) -}}
{{- fail (printf "longestTaskSeconds (%d s) exceeds the executor's drain budget (%d%% of config.server.shutdown_timeout_ms = %d ms): raise shutdown_timeout_ms and terminationGracePeriodSeconds, or running tasks are cut off at every rollout" (int .Values.longestTaskSeconds) (include "latigo.app.drainPercent" . | int) $drainMs) -}}
{{- end -}}
{{- end -}}
