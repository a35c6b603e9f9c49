{{/*
Helpers of the PrometheusRule and the Grafana dashboard, identical in both charts (tools/chart-checks
fails when they drift); the rules themselves live in _rules.tpl.
*/}}

{{/*
The series of this release: the Prometheus Operator labels every target of the ServiceMonitor with
the Service's namespace and name, which stay the same whatever metrics.serviceMonitor.jobLabel says.
*/}}
{{- define "latigo.rules.selector" -}}
{{- .Values.prometheusRule.seriesSelector | default (printf "namespace=%q,service=%q" .Release.Namespace (include "latigo.fullname" .)) -}}
{{- end -}}

{{/* Labels that a recording rule's result keeps, so alerts can be routed per release. */}}
{{- define "latigo.rules.by" -}}namespace, service{{- end -}}

{{/*
One alerting rule. Arguments: ctx (the root context), name, class (page or ticket: the severity comes
from prometheusRule.severity, unless prometheusRule.severityOverrides names the alert), expr, for,
summary, description. runbook_url points at the alert's section of the chart's README.
*/}}
{{- define "latigo.rules.alert" -}}
{{- $rule := .ctx.Values.prometheusRule -}}
- alert: {{ .name }}
  expr: |-
    {{- .expr | trim | nindent 4 }}
  {{- if .for }}
  for: {{ .for }}
  {{- end }}
  labels:
    severity: {{ get ($rule.severityOverrides | default dict) .name | default (get $rule.severity .class) | quote }}
    {{- with $rule.alertLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    summary: {{ .summary | quote }}
    description: {{ .description | quote }}
    runbook_url: {{ printf "%s#%s" $rule.runbookBaseUrl (lower .name) | quote }}
{{- end -}}
