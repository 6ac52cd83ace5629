// The PushExporter monitoring mixin: alerts, recording rules and Grafana dashboards for the
// Lync / Skype for Business push notification route, generated from one configuration
// (config.libsonnet). The monitoring-mixins layout: import this file and override _config.
(import 'config.libsonnet')
+ (import 'alerts/alerts.libsonnet')
+ (import 'rules/rules.libsonnet')
+ (import 'dashboards/dashboards.libsonnet')
