// Recording rules. None so far: every alert and dashboard query reads a few series per target
// straight from the exporter, cheap enough to evaluate as it is. A rule added here is rendered
// into the same rule file as the alerts (alerts/pushexporter.rules.yml).
{
  prometheusRules+:: {
    groups+: [],
  },
}
