/** The strings passed to `vscode.l10n.t` in the extension's sources: the template of its translations. Pure. */
export function l10nStrings(sources: readonly string[]): string[] {
  const found = new Set<string>();
  for (const src of sources) {
    for (const m of src.matchAll(/l10n\.t\(\s*(['"])((?:\\.|(?!\1).)*)\1/g))
      found.add(m[2]!.replace(/\\(['"\\])/g, '$1'));
  }
  return [...found].sort();
}
