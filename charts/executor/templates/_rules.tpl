{{/*
The executor's Prometheus rules (rendered by prometheusrule.yaml). The task success SLO counts final
outcomes only, from the task queue's settlements: succeeded and skipped are good, dead_lettered is
bad; retried (not final yet) and abandoned (redelivered after a shutdown) are not counted. Skips are
good because they are decisions, not faults (no sensor data upstream, model gone, already done):
their effect on users, a model without fresh predictions, is what the scheduler's freshness SLO
measures. Burn rates follow the multiwindow, multi-burn-rate scheme: 14.4× over 1h and 5m pages
(2 % of a 30-day budget in an hour), 6× over 6h and 30m opens a ticket (5 % in 6 hours).
*/}}

{{- define "latigo.app.ruleGroups" -}}
{{- $sel := include "latigo.rules.selector" . -}}
{{- $by := include "latigo.rules.by" . -}}
{{- $rule := .Values.prometheusRule -}}
{{- $objective := $rule.taskSuccess.objective | toString -}}
{{- $final := printf "latigo_task_queue_tasks_total{%s,outcome=~\"succeeded|skipped|dead_lettered\"}" $sel -}}
{{- $failed := printf "latigo_task_queue_tasks_total{%s,outcome=\"dead_lettered\"}" $sel -}}
- name: latigo-executor.task-success.rules
  rules:
    - record: latigo_executor:task_success_objective:ratio
      expr: vector({{ $objective }})
      labels:
        namespace: {{ .Release.Namespace | quote }}
        service: {{ include "latigo.fullname" . | quote }}
    {{- range $window := list "5m" "30m" "1h" "6h" }}
    - record: latigo_executor:tasks_final:rate{{ $window }}
      expr: sum by ({{ $by }}) (rate({{ $final }}[{{ $window }}]))
    - record: latigo_executor:tasks_failed:rate{{ $window }}
      expr: sum by ({{ $by }}) (rate({{ $failed }}[{{ $window }}]))
    - record: latigo_executor:task_failure:ratio_rate{{ $window }}
      expr: latigo_executor:tasks_failed:rate{{ $window }} / latigo_executor:tasks_final:rate{{ $window }}
    {{- end }}
- name: latigo-executor.alerts
  rules:
    {{- /*
    Tasks come in bursts, one per model per slot, so a short window often holds none (0/0, no
    ratio). Then nothing contradicts the long window, which alone decides until the next burst.
    */}}
    {{- range $alert := list (list "LatigoTaskSuccessBudgetBurnFast" "page" "14.4" "1h" "5m" "2m") (list "LatigoTaskSuccessBudgetBurnSlow" "ticket" "6" "6h" "30m" "15m") }}
    {{- $threshold := printf "(%s * (1 - %s))" (index $alert 2) $objective }}
    {{- $long := printf "latigo_executor:task_failure:ratio_rate%s" (index $alert 3) }}
    {{- $short := printf "latigo_executor:task_failure:ratio_rate%s" (index $alert 4) }}
    {{- $expr := printf "%s > %s\nand\n(\n  %s > %s\n  or\n  latigo_executor:tasks_final:rate%s == 0\n)" $long $threshold $short $threshold (index $alert 4) }}
    {{- $summary := printf "Latigo tasks fail fast enough to spend the error budget %s× too quickly" (index $alert 2) }}
    {{- $description := printf "{{ $value | humanizePercentage }} of the final task outcomes of %s/%s were dead letters over the last %s (objective: %s succeeded or skipped). See the dead-letter topic for the reasons." "{{ $labels.namespace }}" "{{ $labels.service }}" (index $alert 3) $objective }}
    {{- include "latigo.rules.alert" (dict "ctx" $ "name" (index $alert 0) "class" (index $alert 1) "expr" $expr "for" (index $alert 5) "summary" $summary "description" $description) | nindent 4 }}
    {{- end }}
    {{- /*
    A pod's dead_lettered series appears with its first dead letter, which increase() cannot see:
    series younger than the window count with their whole value.
    */}}
    {{- $w := $rule.deadLetters.window }}
    {{- $expr := printf "sum by (%s) (\n  (%s unless %s offset %s)\n  or\n  increase(%s[%s])\n)\n> %v" $by $failed $failed $w $failed $w $rule.deadLetters.threshold }}
    {{- $description := printf "{{ $value | humanize }} tasks of %s/%s went to the dead-letter topic in the last %s: they will not be retried. Their reason and code are in the dead letters' headers." "{{ $labels.namespace }}" "{{ $labels.service }}" $rule.deadLetters.window }}
    {{- include "latigo.rules.alert" (dict "ctx" . "name" "LatigoDeadLettersGrowing" "class" "ticket" "expr" $expr "summary" "Latigo tasks are being dead-lettered" "description" $description) | nindent 4 }}
    {{- /* The lag drops to zero after each slot's burst when the executors keep up. */}}
    {{- $expr = printf "sum by (%s, topic) (latigo_task_queue_consumer_lag{%s}) > %v" $by $sel $rule.consumerLag.threshold }}
    {{- $description = printf "The executors of %s/%s left more than %v tasks of topic %s waiting for %s: they do not keep up with the slots (scale out, or look for slow upstreams)." "{{ $labels.namespace }}" "{{ $labels.service }}" $rule.consumerLag.threshold "{{ $labels.topic }}" $rule.consumerLag.for }}
    {{- include "latigo.rules.alert" (dict "ctx" . "name" "LatigoConsumerLagHigh" "class" "ticket" "expr" $expr "for" $rule.consumerLag.for "summary" "Latigo's task queue is not drained" "description" $description) | nindent 4 }}
{{- end -}}
