/**
 * Path handling on plain strings (the core has no `path` module): both separators are accepted,
 * because a path can come from Windows.
 */

export function pathSegments(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s.length > 0);
}

export function baseName(path: string): string {
  const parts = pathSegments(path);
  return parts[parts.length - 1] ?? path;
}

/**
 * A short, recognisable name for a run read from `path`: the file name with the folder that
 * tells runs apart (`version_3/metrics.csv` → `version_3`, `keras/history.csv` → `keras/history.csv`).
 */
export function runNameFor(path: string): string {
  const parts = pathSegments(path);
  const file = parts[parts.length - 1] ?? path;
  const parent = parts[parts.length - 2];
  if (!parent) return file;
  const generic =
    /^(metrics|results|history|training|train|log|logs|trainer_state|scalars)\.(csv|tsv|log|json|jsonl|txt)$/i.test(
      file,
    );
  return generic ? `${parent}/${file}` : file;
}
