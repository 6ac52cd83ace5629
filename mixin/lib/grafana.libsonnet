// Plain-jsonnet builders for the few Grafana panel shapes the dashboards use (grafonnet is not
// packaged in Debian, and these dashboards need little of it). Every panel uses the templated
// datasource, has a description and a unit: the rules of tests/…/DashboardLinter.cs.
{
  local ds = { type: 'prometheus', uid: '${datasource}' },

  datasourceVariable:: {
    name: 'datasource',
    label: 'Data source',
    type: 'datasource',
    query: 'prometheus',
    current: {},
    hide: 0,
    refresh: 1,
    regex: '',
    options: [],
    includeAll: false,
    multi: false,
  },

  // A label_values() variable. multi: job and instance are multi-select with allValue .+
  // (dashboard-linter's template-job and template-instance rules); allValue .* for a label that
  // may be empty (absent), so that "All" keeps the series without it.
  queryVariable(name, label, query, multi=true, allValue='.+'):: {
    name: name,
    label: label,
    type: 'query',
    datasource: ds,
    definition: query,
    query: { query: query, refId: name },
    refresh: 2,
    multi: multi,
    includeAll: multi,
    current: {},
    options: [],
    sort: 1,
    hide: 0,
    regex: '',
  } + (if multi then { allValue: allValue } else {}),

  // A query of a panel. instant: one value per series (stat, table, bargauge); else a range.
  target(expr, legend='__auto', instant=false, format=null):: {
    datasource: ds,
    editorMode: 'code',
    expr: expr,
    instant: instant,
    legendFormat: legend,
    range: !instant,
  } + (if format != null then { format: format } else {}),

  row(title):: { type: 'row', title: title, collapsed: false, panels: [] },

  panel(type, title, description, unit, targets):: {
    type: type,
    title: title,
    description: description,
    datasource: ds,
    fieldConfig: { defaults: { unit: unit }, overrides: [] },
    options: {},
    targets: [t { refId: std.char(std.codepoint('A') + i) } for i in std.range(0, std.length(targets) - 1) for t in [targets[i]]],
  },

  local legend = {
    legend: { displayMode: 'table', placement: 'bottom', showLegend: true, calcs: ['lastNotNull', 'max'] },
    tooltip: { mode: 'multi', sort: 'desc' },
  },
  local lastValue = { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } },

  timeseries(title, description, unit, targets):: self.panel('timeseries', title, description, unit, targets) + { options: legend },
  stat(title, description, unit, targets):: self.panel('stat', title, description, unit, targets) + { options: lastValue },
  bargauge(title, description, unit, targets):: self.panel('bargauge', title, description, unit, targets) + {
    options: lastValue { orientation: 'horizontal', displayMode: 'gradient' },
  },
  table(title, description, unit, targets):: self.panel('table', title, description, unit, targets) + { options: { showHeader: true } },
  // One row per series, coloured by its value over time.
  stateTimeline(title, description, unit, targets):: self.panel('state-timeline', title, description, unit, targets) + {
    options: {
      showValue: 'auto',
      mergeValues: true,
      alignValue: 'left',
      rowHeight: 0.9,
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'single', sort: 'none' },
    },
  },

  // Value → text and colour, for 0/1 gauges.
  valueMappings(map):: [{
    type: 'value',
    options: {
      [std.toString(i)]: map[i] { index: i }
      for i in std.range(0, std.length(map) - 1)
    },
  }],
  upDown:: self.valueMappings([{ text: 'DOWN', color: 'red' }, { text: 'UP', color: 'green' }]),
  okFailed:: self.valueMappings([{ text: 'failed', color: 'red' }, { text: 'ok', color: 'green' }]),

  thresholds(steps):: { mode: 'absolute', steps: [{ color: s[0], value: s[1] } for s in steps] },

  // A data link; Grafana fills ${…} from the clicked value.
  link(title, url, newTab=false):: { title: title, url: url } + (if newTab then { targetBlank: true } else {}),

  // Lays panels out left to right in Grafana's 24 columns (w, h given per panel, 12 x 8 by
  // default), a row header taking a line of its own; numbers the panels.
  layout(panels)::
    // The state is an array [panels, x, y, bottom]: jsonnet caches array elements once
    // evaluated but not object fields, and an object here made each step re-run all before it.
    local step(state, p) =
      local placedSoFar = state[0], x0 = state[1], y0 = state[2], bottom0 = state[3];
      local isRow = p.type == 'row';
      local w = if isRow then 24 else std.get(p, 'w', 12);
      local h = if isRow then 1 else std.get(p, 'h', 8);
      local newLine = x0 > 0 && (isRow || x0 + w > 24);
      local x = if newLine then 0 else x0;
      local y = if newLine then bottom0 else y0;
      local bottom = std.max(if newLine then 0 else bottom0, y + h);
      local full = x + w >= 24;
      [
        placedSoFar + [std.mergePatch(p, { w: null, h: null }) + { id: std.length(placedSoFar) + 1, gridPos: { h: h, w: w, x: x, y: y } }],
        if full then 0 else x + w,
        if full then bottom else y,
        bottom,
      ];
    std.foldl(step, panels, [[], 0, 0, 0])[0],

  dashboard(uid, title, description, tags, refresh, timeFrom, variables, panels):: {
    __requires: [{ type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' }],
    uid: uid,
    title: title,
    description: description,
    tags: tags,
    editable: false,
    graphTooltip: 1,
    timezone: '',
    schemaVersion: 39,
    version: 1,
    refresh: refresh,
    time: { from: timeFrom, to: 'now' },
    timepicker: {},
    annotations: { list: [{
      builtIn: 1,
      datasource: { type: 'grafana', uid: '-- Grafana --' },
      enable: true,
      hide: true,
      iconColor: 'rgba(0, 211, 255, 1)',
      name: 'Annotations & Alerts',
      type: 'dashboard',
    }] },
    links: [{ title: 'PushExporter dashboards', type: 'dashboards', tags: ['pushexporter'], asDropdown: false, includeVars: true, keepTime: true }],
    templating: { list: [$.datasourceVariable] + variables },
    panels: $.layout(panels),
  },
}
