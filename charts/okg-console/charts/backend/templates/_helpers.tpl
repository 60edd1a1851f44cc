{{/* Object name shared by the Deployment, Service and NetworkPolicy. */}}
{{- define "backend.fullname" -}}
{{- default (printf "%s-%s" .Release.Name .Chart.Name) .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "backend.serviceAccountName" -}}
{{- default (include "backend.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/* Labels that select the pods; never change them on upgrade. */}}
{{- define "backend.selectorLabels" -}}
app.kubernetes.io/name: okg-console
app.kubernetes.io/component: backend
{{- end -}}

{{- define "backend.labels" -}}
{{ include "backend.selectorLabels" . }}
app.kubernetes.io/part-of: okg-console
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{/* registry/repository:tag[@digest]; global.imageRegistry replaces the image's own registry. */}}
{{- define "backend.image" -}}
{{- $g := .Values.global | default dict -}}
{{- $registry := default .Values.image.registry $g.imageRegistry -}}
{{- $ref := printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag | toString) -}}
{{- if $registry }}{{ $ref = printf "%s/%s" (trimSuffix "/" $registry) $ref }}{{ end -}}
{{- if .Values.image.digest }}{{ $ref = printf "%s@%s" $ref .Values.image.digest }}{{ end -}}
{{- $ref -}}
{{- end -}}

{{/* global.imagePullSecrets then the subchart's own; each a name or {name: ...}. */}}
{{- define "backend.imagePullSecrets" -}}
{{- $g := .Values.global | default dict -}}
{{- $names := list -}}
{{- range (concat ($g.imagePullSecrets | default list) (.Values.imagePullSecrets | default list)) -}}
{{- $n := "" -}}
{{- if kindIs "string" . }}{{ $n = . }}{{ else if kindIs "map" . }}{{ $n = get . "name" }}{{ end -}}
{{- if and $n (not (has $n $names)) }}{{ $names = append $names $n }}{{ end -}}
{{- end -}}
{{- if $names }}
imagePullSecrets:
{{- range $names }}
  - name: {{ . | quote }}
{{- end }}
{{- end -}}
{{- end -}}

{{/* global.nodeSelector overlaid with the subchart's own nodeSelector. */}}
{{- define "backend.nodeSelector" -}}
{{- $g := .Values.global | default dict -}}
{{- $sel := merge (deepCopy (.Values.nodeSelector | default dict)) ($g.nodeSelector | default dict) -}}
{{- if $sel }}
nodeSelector:
{{- toYaml $sel | nindent 2 }}
{{- end -}}
{{- end -}}
