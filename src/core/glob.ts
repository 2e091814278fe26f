/**
 * Glob patterns as VS Code settings use them (`**` any folders, `*` within a name, `?` one
 * character, `{a,b}` alternatives), matched against `/`-separated relative paths.
 */

export function globToRegExp(glob: string): RegExp {
  let re = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of folders, including none; a trailing `**` anything.
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') { inBraces++; re += '(?:'; }
    else if (c === '}' && inBraces > 0) { inBraces--; re += ')'; }
    else if (c === ',' && inBraces > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether `path` (relative, `/`-separated) matches `glob`; a glob without a `/` matches the file name anywhere. */
export function matchesGlob(path: string, glob: string): boolean {
  const normal = path.replace(/\\/g, '/');
  const g = glob.includes('/') ? glob : `**/${glob}`;
  return globToRegExp(g).test(normal);
}
