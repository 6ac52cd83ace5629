// A small YAML writer for the files the mixin renders (rule files, Kubernetes manifests).
// std.manifestYamlDoc quotes every key, sorts keys alphabetically and writes expressions as
// JSON strings with escaped quotes; a rule file that people read and diff wants the usual
// key order (alert, expr, for, labels, annotations), plain keys, single-quoted strings and
// block scalars for multi-line expressions. Only what those files hold is supported: objects,
// arrays, strings, numbers, booleans and null.
local keyOrder = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'namespace',
  'alert',
  'record',
  'expr',
  'for',
  'labels',
  'annotations',
  'summary',
  'description',
  'runbook_url',
  'dashboard_url',
  'spec',
  'data',
  'groups',
  'interval',
  'rules',
];

local rank(key) =
  local i = std.find(key, keyOrder);
  if std.length(i) > 0 then i[0] else std.length(keyOrder);

local sortedKeys(obj) =
  std.sort(std.objectFields(obj), function(k) '%04d %s' % [rank(k), k]);

// Plain (unquoted) only where YAML cannot read the text as anything but this string.
// Characters are looked up in objects: std.member on a string is slow in jsonnet 0.18.
local charSet(chars) = { [c]: true for c in std.stringChars(chars) };
local letters = charSet('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_');
local plainChars = letters + charSet('0123456789.-/');
local digits = charSet('0123456789');
local units = charSet('smhdwy');
local all(chars, set) = std.length([c for c in chars if !std.objectHas(set, c)]) == 0;
local reserved = ['true', 'false', 'yes', 'no', 'on', 'off', 'null', 'y', 'n', '~'];
local isPlain(s) =
  local chars = std.stringChars(s);
  local n = std.length(chars);
  n > 0
  && !std.member(reserved, std.asciiLower(s))
  && (
    (std.objectHas(letters, chars[0]) && all(chars, plainChars))
    // Prometheus durations (2m, 10m, 1h): strings in YAML, never numbers.
    || (n >= 2 && all(chars[0:n - 1], digits) && std.objectHas(units, chars[n - 1]))
  );

local quote(s) = "'" + std.strReplace(s, "'", "''") + "'";

local scalar(value, indent) =
  if std.isString(value) then
    if std.length(std.split(value, '\n')) > 1 then
      local keep = std.endsWith(value, '\n');
      local body = if keep then std.substr(value, 0, std.length(value) - 1) else value;
      local lines = std.split(body, '\n');
      assert !std.startsWith(body, ' ') : 'a block scalar may not start with a space: ' + body;
      (if keep then '|' else '|-') + std.join('', ['\n' + (if line == '' then '' else indent + '  ' + line) for line in lines])
    else if isPlain(value) then value
    else quote(value)
  else if std.isBoolean(value) then (if value then 'true' else 'false')
  else if value == null then 'null'
  else if std.isNumber(value) then std.toString(value)
  else error 'not a scalar: ' + std.toString(value);

local isEmpty(v) = (std.isArray(v) && std.length(v) == 0) || (std.isObject(v) && std.length(std.objectFields(v)) == 0);

local node(value, indent) =
  if std.isObject(value) && !isEmpty(value) then
    std.join('\n', [
      local v = value[k];
      indent + k + ':' + (
        if std.isObject(v) && !isEmpty(v) then '\n' + node(v, indent + '  ')
        else if std.isArray(v) && !isEmpty(v) then '\n' + node(v, indent)
        else ' ' + (if isEmpty(v) then (if std.isArray(v) then '[]' else '{}') else scalar(v, indent))
      )
      for k in sortedKeys(value)
    ])
  else if std.isArray(value) && !isEmpty(value) then
    std.join('\n', [
      if (std.isObject(item) || std.isArray(item)) && !isEmpty(item) then
        // The first line of the item goes after the dash, the others keep its indentation.
        indent + '- ' + std.lstripChars(node(item, indent + '  '), ' ')
      else indent + '- ' + (if isEmpty(item) then (if std.isArray(item) then '[]' else '{}') else scalar(item, indent + '  '))
      for item in value
    ])
  else scalar(value, indent);

{
  // One YAML document, ending with a newline.
  manifest(value):: node(value, '') + '\n',
}
