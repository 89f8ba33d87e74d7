{{/* Labels every object carries (deploy/base's `labels` transformer). */}}
{{- define "dataplug.labels" -}}
app.kubernetes.io/part-of: dataplug
{{- end }}

{{/* The Deployment's selector and pod labels. */}}
{{- define "dataplug.selectorLabels" -}}
app.kubernetes.io/name: dataplug-operator
{{- end }}
