{{/* Chart name, trimmed to 63 characters (a DNS label). */}}
{{- define "upgradewatch.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's objects: fullnameOverride, else the release name when it already
contains the chart name (release "upgradewatch" gives "upgradewatch"), else release-chart.
*/}}
{{- define "upgradewatch.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "upgradewatch.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "upgradewatch.selectorLabels" -}}
app.kubernetes.io/name: {{ include "upgradewatch.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "upgradewatch.labels" -}}
helm.sh/chart: {{ include "upgradewatch.chart" . }}
{{ include "upgradewatch.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: upgradewatch
{{- end }}

{{- define "upgradewatch.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "upgradewatch.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "upgradewatch.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Leader election is forced on with more than one replica: only one may reconcile. */}}
{{- define "upgradewatch.leaderElect" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) }}true{{ end }}
{{- end }}

{{/*
What the operator does with ClusterUpgradeWatches, their Secrets and Events (docs/reference.md#security).
Same rules as deploy/rbac/02-cluster-role.yaml; test/unit/packaging compares them.
*/}}
{{- define "upgradewatch.objectRules" -}}
- apiGroups: ["upgradewatch.io"]
  resources: ["clusterupgradewatches"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["upgradewatch.io"]
  resources: ["clusterupgradewatches/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
{{- if .Values.rbac.serviceAccountTokens }}
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["serviceaccounts/token"]
  verbs: ["create"]
{{- end }}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* The leader-election Lease, in the release namespace (deploy/rbac/04-leader-election-role.yaml). */}}
{{- define "upgradewatch.leaseRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update"]
{{- end }}
