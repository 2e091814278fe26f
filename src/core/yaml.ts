/**
 * A reader for the flat YAML that training tools write beside their runs (MLflow's `meta.yaml`,
 * DVCLive's `params.yaml`, Lightning's `hparams.yaml`): `key: value` lines, one level of nesting
 * read as `parent.child`. Anything richer (lists, anchors, multi-line strings) is skipped, not
 * misread: this is for showing names and hyper-parameters, not for configuration.
 */

export function readFlatYaml(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let parent: string | undefined;
  let childIndent = -1;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(raw) || /^\s*-/.test(raw)) continue;
    const m = /^(\s*)([^:#]+?|'[^']*'|"[^"]*")\s*:(?:\s+(.*?))?\s*$/.exec(raw);
    if (!m) continue;
    const indent = m[1]!.length;
    const key = unquote(m[2]!.trim());
    const value = m[3];
    if (indent === 0) {
      parent = undefined;
      childIndent = -1;
      if (value === undefined || value === '') parent = key;
      else out.set(key, scalar(value));
    } else if (parent !== undefined) {
      if (childIndent < 0) childIndent = indent;
      if (indent === childIndent && value !== undefined && value !== '') out.set(`${parent}.${key}`, scalar(value));
    }
  }
  return out;
}

function scalar(value: string): string {
  const v = value.replace(/\s+#.*$/, '');
  if (v === 'null' || v === '~') return '';
  return unquote(v);
}

function unquote(s: string): string {
  if (s.length >= 2 && ((s.startsWith("'") && s.endsWith("'")) || (s.startsWith('"') && s.endsWith('"')))) {
    const inner = s.slice(1, -1);
    return s.startsWith("'") ? inner.replace(/''/g, "'") : inner.replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  }
  return s;
}
