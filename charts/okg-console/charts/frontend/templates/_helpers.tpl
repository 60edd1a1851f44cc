{{- define "frontend.labels" -}}
app.kubernetes.io/name: okg-console
app.kubernetes.io/component: frontend
app.kubernetes.io/part-of: okg-console
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{- define "frontend.bundleURL" -}}
{{- if .Values.bundle.url -}}
{{- .Values.bundle.url -}}
{{- else -}}
{{- printf "http://%s.%s.svc:%v%s" .Values.bundle.backendService .Release.Namespace .Values.bundle.backendPort .Values.bundle.path -}}
{{- end -}}
{{- end -}}
