{{/*
The scheduler's Prometheus rules (rendered by prometheusrule.yaml): the freshness SLO, the share of
models whose newest stored prediction window is older than the limit, and the scheduler's own
liveness. Burn rates follow the multiwindow, multi-burn-rate scheme: 14.4× over 1h and 5m pages,
6× over 6h and 30m opens a ticket.
*/}}

{{/* continuous_prediction_interval and _delay in apps/scheduler/config/defaults.yaml. */}}
{{- define "latigo.rules.defaultInterval" -}}30m{{- end -}}
{{- define "latigo.rules.defaultDelay" -}}3h{{- end -}}

{{/*
Seconds of a duration written as units (30m, 3h, 1h30m, 2d). Other forms the app accepts
("1 days 02:00:00", ISO 8601) need prometheusRule.freshness.limitSeconds and slotLateSeconds.
*/}}
{{- define "latigo.rules.seconds" -}}
{{- $text := .text | toString | trim -}}
{{- if not (regexMatch "^([0-9]+[smhd])+$" $text) -}}
{{- fail (printf "prometheusRule: cannot read config.scheduler.%s %q as a duration (units s, m, h, d only): set prometheusRule.freshness.limitSeconds and prometheusRule.slotLateSeconds" .key $text) -}}
{{- end -}}
{{- $unit := dict "s" 1 "m" 60 "h" 3600 "d" 86400 -}}
{{- $total := 0 -}}
{{- range regexFindAll "[0-9]+[smhd]" $text -1 -}}
{{- $total = add $total (mul (regexFind "[0-9]+" . | atoi) (get $unit (regexFind "[smhd]" .))) -}}
{{- end -}}
{{- $total -}}
{{- end -}}

{{- define "latigo.rules.intervalSeconds" -}}
{{- $text := dig "scheduler" "continuous_prediction_interval" (include "latigo.rules.defaultInterval" .) (.Values.config | default dict) -}}
{{- include "latigo.rules.seconds" (dict "text" $text "key" "continuous_prediction_interval") -}}
{{- end -}}

{{/* A model is stale when its newest window ended more than interval + delay + grace ago. */}}
{{- define "latigo.rules.freshnessLimitSeconds" -}}
{{- $f := .Values.prometheusRule.freshness -}}
{{- if $f.limitSeconds -}}
{{- $f.limitSeconds | int -}}
{{- else -}}
{{- $delay := dig "scheduler" "continuous_prediction_delay" (include "latigo.rules.defaultDelay" .) (.Values.config | default dict) -}}
{{- add (include "latigo.rules.intervalSeconds" . | int) (include "latigo.rules.seconds" (dict "text" $delay "key" "continuous_prediction_delay") | int) (int $f.graceSeconds) -}}
{{- end -}}
{{- end -}}

{{/* A slot is late when the last fully enqueued one is older than interval + grace. */}}
{{- define "latigo.rules.slotLateSeconds" -}}
{{- if .Values.prometheusRule.slotLateSeconds -}}
{{- .Values.prometheusRule.slotLateSeconds | int -}}
{{- else -}}
{{- add (include "latigo.rules.intervalSeconds" . | int) (int .Values.prometheusRule.freshness.graceSeconds) -}}
{{- end -}}
{{- end -}}

{{- define "latigo.app.ruleGroups" -}}
{{- $sel := include "latigo.rules.selector" . -}}
{{- $by := include "latigo.rules.by" . -}}
{{- $rule := .Values.prometheusRule -}}
{{- $objective := $rule.freshness.objective | toString -}}
{{- $limit := include "latigo.rules.freshnessLimitSeconds" . -}}
{{- $freshness := printf "latigo_prediction_freshness_seconds{%s}" $sel -}}
{{- $ruleLabels := dict "namespace" .Release.Namespace "service" (include "latigo.fullname" .) -}}
- name: latigo-scheduler.freshness.rules
  rules:
    - record: latigo_scheduler:freshness_objective:ratio
      expr: vector({{ $objective }})
      labels:
        {{- toYaml $ruleLabels | nindent 8 }}
    - record: latigo_scheduler:freshness_limit:seconds
      expr: vector({{ $limit }})
      labels:
        {{- toYaml $ruleLabels | nindent 8 }}
    - record: latigo_scheduler:models_stale:count
      expr: sum by ({{ $by }}) ({{ $freshness }} > bool {{ $limit }})
    - record: latigo_scheduler:models_stale:ratio
      expr: latigo_scheduler:models_stale:count / count by ({{ $by }}) ({{ $freshness }})
    {{- range $window := list "5m" "30m" "1h" "6h" }}
    - record: latigo_scheduler:models_stale:ratio_avg{{ $window }}
      expr: avg_over_time(latigo_scheduler:models_stale:ratio[{{ $window }}])
    {{- end }}
- name: latigo-scheduler.alerts
  rules:
    {{- range $alert := list (list "LatigoFreshnessBudgetBurnFast" "page" "14.4" "1h" "5m" "2m") (list "LatigoFreshnessBudgetBurnSlow" "ticket" "6" "6h" "30m" "15m") }}
    {{- $threshold := printf "(%s * (1 - %s))" (index $alert 2) $objective }}
    {{- $expr := printf "latigo_scheduler:models_stale:ratio_avg%s > %s\nand\nlatigo_scheduler:models_stale:ratio_avg%s > %s" (index $alert 3) $threshold (index $alert 4) $threshold }}
    {{- $summary := printf "Latigo models go stale fast enough to spend the error budget %s× too quickly" (index $alert 2) }}
    {{- $description := printf "On average {{ $value | humanizePercentage }} of the models of %s/%s had no prediction window newer than %s s over the last %s (objective: %s fresh). latigo_prediction_freshness_seconds tells which." "{{ $labels.namespace }}" "{{ $labels.service }}" $limit (index $alert 3) $objective }}
    {{- include "latigo.rules.alert" (dict "ctx" $ "name" (index $alert 0) "class" (index $alert 1) "expr" $expr "for" (index $alert 5) "summary" $summary "description" $description) | nindent 4 }}
    {{- end }}
    {{- if gt (int .Values.replicaCount) 0 }}
    {{- $expr := printf "absent(latigo_scheduler_leader{%s})" $sel }}
    {{- $description := printf "No scheduler of %s/%s has been scraped for 10 minutes: no task is enqueued, and predictions will go stale." .Release.Namespace (include "latigo.fullname" .) }}
    {{- include "latigo.rules.alert" (dict "ctx" . "name" "LatigoSchedulerDown" "class" "ticket" "expr" $expr "for" "10m" "summary" "The Latigo scheduler is not running" "description" $description) | nindent 4 }}
    {{- end }}
    {{- /* The lease has a TTL of seconds: 10 minutes without a holder is not a handover. */}}
    {{- $expr := printf "max by (%s) (latigo_scheduler_leader{%s}) < 1" $by $sel }}
    {{- $description := printf "The scheduler of %s/%s has not held the leader lease for 10 minutes (Redis unreachable, or another scheduler with the same scheduler.name holds it): it enqueues nothing." "{{ $labels.namespace }}" "{{ $labels.service }}" }}
    {{- include "latigo.rules.alert" (dict "ctx" . "name" "LatigoSchedulerNoLeader" "class" "ticket" "expr" $expr "for" "10m" "summary" "No Latigo scheduler holds the leader lease" "description" $description) | nindent 4 }}
    {{- /* Before its first slot, a scheduler counts from its start instead of from 0 (1970). */}}
    {{- $late := include "latigo.rules.slotLateSeconds" . }}
    {{- $expr = printf "time()\n- max by (%s) (\n  latigo_scheduler_last_enqueued_slot_timestamp_seconds{%s} > 0\n  or\n  process_start_time_seconds{%s}\n)\n> %s" $by $sel $sel $late }}
    {{- $description = printf "The last slot %s/%s enqueued in full is {{ $value | humanizeDuration }} old (limit: %s s): slots fail (see latigo_scheduler_slots_total and discovery errors) or the scheduler is stuck." "{{ $labels.namespace }}" "{{ $labels.service }}" $late }}
    {{- include "latigo.rules.alert" (dict "ctx" . "name" "LatigoSchedulerSlotLate" "class" "ticket" "expr" $expr "for" "5m" "summary" "The Latigo scheduler has not enqueued a slot in time" "description" $description) | nindent 4 }}
{{- end -}}
