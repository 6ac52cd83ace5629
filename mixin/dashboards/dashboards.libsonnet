(import 'overview.libsonnet')
+ (import 'edge.libsonnet')
+ (import 'probe.libsonnet')
