{{/* The chart name. */}}
{{- define "metaspn-streams.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The full name of the release's resources (at most 63 characters, DNS label). */}}
{{- define "metaspn-streams.fullname" -}}
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

{{/* The headless Service: pod DNS names, instance-to-instance state queries (application.server). */}}
{{- define "metaspn-streams.headlessName" -}}
{{- printf "%s-headless" (include "metaspn-streams.fullname" . | trunc 54 | trimSuffix "-") }}
{{- end }}

{{- define "metaspn-streams.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "metaspn-streams.selectorLabels" -}}
app.kubernetes.io/name: {{ include "metaspn-streams.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The application's pods (not the reset Job's): selectors of the StatefulSet, Services and PDB. */}}
{{- define "metaspn-streams.podSelectorLabels" -}}
{{ include "metaspn-streams.selectorLabels" . }}
app.kubernetes.io/component: streams
{{- end }}

{{- define "metaspn-streams.labels" -}}
helm.sh/chart: {{ include "metaspn-streams.chart" . }}
{{ include "metaspn-streams.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "metaspn-streams.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Where the files are mounted. */}}
{{- define "metaspn-streams.configFile" -}}/etc/metaspn/config/app.properties{{- end }}
{{- define "metaspn-streams.kafkaSecretFile" -}}/etc/metaspn/kafka/client.properties{{- end }}
{{- define "metaspn-streams.tokenFile" -}}/etc/metaspn/http-token/token{{- end }}
{{- define "metaspn-streams.dataDir" -}}/var/lib/metaspn{{- end }}

{{/* METASPN_CONFIG: the ConfigMap file, then the Secret's client properties (later files win). */}}
{{- define "metaspn-streams.configList" -}}
{{- include "metaspn-streams.configFile" . }}
{{- if .Values.kafka.existingSecret }},{{ include "metaspn-streams.kafkaSecretFile" . }}{{ end }}
{{- end }}

{{/* app.properties: one key=value line per config entry, keys sorted; integers without an exponent. */}}
{{- define "metaspn-streams.properties" -}}
# metaspn-streams application properties (values.yaml: config); secrets come from kafka.existingSecret
{{- range $key, $value := .Values.config }}
{{ $key }}={{ if kindIs "float64" $value }}{{ $value | int64 }}{{ else }}{{ $value }}{{ end }}
{{- end }}
{{- end }}

{{/* Fails the render when a required value is missing or the values contradict each other. */}}
{{- define "metaspn-streams.validate" -}}
{{- if not .Values.kafka.bootstrapServers }}
{{- fail "kafka.bootstrapServers is required (host:port,...)" }}
{{- end }}
{{- if not .Values.kafka.schemaRegistryUrl }}
{{- fail "kafka.schemaRegistryUrl is required (http(s)://host:port)" }}
{{- end }}
{{- range $key, $value := .Values.config }}
{{- if regexMatch "(?i)(password|secret|token|jaas|user[._-]?info|credentials|ssl[._-]keystore[._-]key$|certificates$|certificate[._-]chain$)" $key }}
{{- fail (printf "config.%s looks like a secret: a ConfigMap is readable by anyone who can read the namespace; put it in the client properties file of the Secret named by kafka.existingSecret" $key) }}
{{- end }}
{{- end }}
{{- if le (int .Values.terminationGracePeriodSeconds) (int .Values.closeTimeoutSeconds) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be greater than closeTimeoutSeconds (%d): Kubernetes kills the pod when the grace period ends, cutting the graceful close short" (int .Values.terminationGracePeriodSeconds) (int .Values.closeTimeoutSeconds)) }}
{{- end }}
{{- end }}

{{/* Environment shared by the application and the reset Job: cluster, application id, config files. */}}
{{- define "metaspn-streams.commonEnv" -}}
- name: METASPN_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: METASPN_SCHEMA_REGISTRY_URL
  value: {{ .Values.kafka.schemaRegistryUrl | quote }}
- name: METASPN_APPLICATION_ID
  value: {{ .Values.applicationId | quote }}
- name: METASPN_CONFIG
  value: {{ include "metaspn-streams.configList" . | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ printf "-XX:MaxRAMPercentage=%v %s" .Values.jvm.maxRAMPercentage .Values.jvm.extraOptions | trim | quote }}
{{- end }}

{{/* Volume mounts shared by the application and the reset Job. */}}
{{- define "metaspn-streams.commonVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: config
  mountPath: /etc/metaspn/config
  readOnly: true
{{- if .Values.kafka.existingSecret }}
- name: kafka-client
  mountPath: /etc/metaspn/kafka
  readOnly: true
{{- end }}
{{- range .Values.extraSecretVolumes }}
- name: {{ .name }}
  mountPath: {{ .mountPath }}
  readOnly: true
{{- end }}
{{- end }}

{{/* Volumes shared by the application and the reset Job; configMapName names the ConfigMap. */}}
{{- define "metaspn-streams.commonVolumes" -}}
{{- $root := .root -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ $root.Values.tmpSizeLimit }}
- name: config
  configMap:
    name: {{ .configMapName }}
{{- if $root.Values.kafka.existingSecret }}
- name: kafka-client
  secret:
    secretName: {{ $root.Values.kafka.existingSecret }}
    defaultMode: 288  # 0440: owner and group (fsGroup) read
    items:
      - key: {{ $root.Values.kafka.existingSecretKey }}
        path: client.properties
{{- end }}
{{- range $root.Values.extraSecretVolumes }}
- name: {{ .name }}
  secret:
    secretName: {{ .secretName }}
    defaultMode: 288  # 0440: owner and group (fsGroup) read
    {{- with .items }}
    items:
      {{- toYaml . | nindent 6 }}
    {{- end }}
{{- end }}
{{- end }}
