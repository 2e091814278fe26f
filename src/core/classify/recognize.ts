/**
 * Is this file a predictions file? By its first line: a header with a true-label column and a
 * prediction, score or class-probability column (or the JSON keys of a first JSON Lines row), or
 * a confusion matrix written by DVCLive. Cheap: for menus and pickers, not for reading.
 */

import { detectColumns } from './columns';

export function looksLikePredictions(path: string, head: string): boolean {
  const text = head.replace(/^\uFEFF/, '');
  if (/confusion_matrix[^/\\]*\.json$/i.test(path)) return /"actual"\s*:/.test(text) || /"confusion_matrix"/.test(text);
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  let names: string[] | undefined;
  if (/\.jsonl$/i.test(path) || first.trimStart().startsWith('{')) {
    try {
      const row = JSON.parse(first) as unknown;
      if (typeof row === 'object' && row !== null && !Array.isArray(row)) names = Object.keys(row);
    } catch {
      return false;
    }
  } else if (/\.(csv|tsv|txt)$/i.test(path)) {
    const delimiter =
      (first.match(/\t/g)?.length ?? 0) > 0
        ? '\t'
        : (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0)
          ? ';'
          : ',';
    names = first.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  }
  if (!names || names.length < 2) return false;
  const detected = detectColumns(names);
  if (!('plan' in detected)) return false;
  const p = detected.plan;
  return (
    p.pred >= 0 || p.score >= 0 || p.proba.length > 0 || (p.true >= 0 && names.some((n) => /^predicted|^pred/i.test(n)))
  );
}
