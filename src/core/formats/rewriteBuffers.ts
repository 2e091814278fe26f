/**
 * The small files of a folder run that their writer rewrites whole (a `meta.yaml`, a summary
 * `metrics.json`, one MLflow param per file): their bytes are collected until the member's flush
 * and then read at once, replacing what the previous version said.
 */

export class RewriteBuffers {
  private readonly parts = new Map<string, Uint8Array[]>();
  private bytes = 0;

  get pendingBytes(): number { return this.bytes; }

  add(file: string, chunk: Uint8Array): void {
    let list = this.parts.get(file);
    if (!list) { list = []; this.parts.set(file, list); }
    // Copy: the caller may reuse its buffer.
    list.push(chunk.slice());
    this.bytes += chunk.length;
  }

  /** Files with collected bytes. */
  files(): string[] { return [...this.parts.keys()]; }

  /** The whole content collected for `file`, now forgotten; `undefined` when nothing was pushed. */
  take(file: string): Uint8Array | undefined {
    const list = this.parts.get(file);
    if (!list) return undefined;
    this.parts.delete(file);
    let n = 0;
    for (const p of list) n += p.length;
    this.bytes -= n;
    if (list.length === 1) return list[0]!;
    const out = new Uint8Array(n);
    let at = 0;
    for (const p of list) { out.set(p, at); at += p.length; }
    return out;
  }
}
