/**
 * A DVCLive folder (`dvclive/`, or any `Live(dir=...)` such as `results/train`): one TSV per
 * metric under `plots/metrics/` (`plots/metrics/train/loss.tsv` is `train/loss`), appended each
 * step; `metrics.json`, the latest values (nested by `/`), rewritten each step; `params.yaml`.
 * Older DVCLive wrote `<dir>/<name>.tsv` directly; those are read too.
 */

import { JsonTokenizer, nonFiniteString, type JsonHandler } from '../text/json';
import { LineSplitter, decodeUtf8 } from '../text/lines';
import { Run, type FolderRunParser, type WriteMode } from '../model/run';
import { readYamlParams, type YamlParse } from '../text/yaml';
import { DelimitedLogParser } from './delimited';
import { RewriteBuffers } from './rewriteBuffers';
import { TextFileParser } from './textFile';

const PLOTS = 'plots/metrics/';

/** The metric a TSV member holds, or `undefined` when the file is not a metric history. */
export function dvcliveMetricName(file: string): string | undefined {
  if (!file.endsWith('.tsv')) return undefined;
  if (file.startsWith(PLOTS)) return file.slice(PLOTS.length, -4) || undefined;
  return file.includes('/') ? undefined : file.slice(0, -4);
}

export class DvcliveParser implements FolderRunParser {
  readonly run: Run;
  readonly outsideMembers: readonly string[] = [];
  /** The metric histories, each behind the check of its first bytes (UTF-16, binary: see `TextFileParser`). */
  private readonly histories = new Map<string, TextFileParser>();
  private readonly rewrites = new RewriteBuffers();

  constructor(
    source: string,
    name: string,
    private readonly parseYaml: YamlParse = readYamlParams,
  ) {
    this.run = new Run(source, 'dvclive', name);
    this.run.xLabel = 'step';
  }

  memberMode(file: string): WriteMode | undefined {
    if (file === 'metrics.json' || file === 'params.yaml') return 'rewrite';
    return dvcliveMetricName(file) === undefined ? undefined : 'append';
  }

  exploresFolder(folder: string): boolean {
    return folder === '' || folder === 'plots' || folder === 'plots/metrics' || folder.startsWith(PLOTS);
  }

  get pendingBytes(): number {
    let n = this.rewrites.pendingBytes;
    for (const p of this.histories.values()) n += p.pendingBytes;
    return n;
  }

  push(file: string, chunk: Uint8Array): void {
    const metric = dvcliveMetricName(file);
    if (metric !== undefined) {
      let p = this.histories.get(file);
      if (!p) {
        const base = metric.slice(metric.lastIndexOf('/') + 1);
        const folder = metric.slice(0, metric.length - base.length);
        p = new TextFileParser(
          new DelimitedLogParser(this.run.source, this.run.name, {
            run: this.run,
            file,
            delimiter: '\t',
            // The value column is named by the metric's last part (older DVCLive) or by its whole name
            // (newer: `train/loss` in train/loss.tsv); a second column keeps its own name.
            seriesName: (column) => (column === base || column === metric ? metric : folder + column),
          }),
          file,
        );
        this.histories.set(file, p);
      }
      p.push(chunk);
    } else if (file === 'metrics.json' || file === 'params.yaml') {
      this.rewrites.add(file, chunk);
    }
  }

  flush(file?: string): void {
    if (file === undefined) {
      for (const p of this.histories.values()) p.flush();
      for (const f of this.rewrites.files()) this.apply(f);
      return;
    }
    const p = this.histories.get(file);
    if (p) p.flush();
    else this.apply(file);
  }

  private apply(file: string): void {
    const bytes = this.rewrites.takeText(file, this.run);
    if (!bytes) return;
    if (file === 'params.yaml') {
      const { values, issue } = this.parseYaml(decodeUtf8(bytes));
      for (const [k, v] of values) this.run.params.set(k, v);
      if (issue) this.run.report({ file, ...issue });
      return;
    }
    this.run.summary.clear();
    const error = readJsonLeaves(bytes, (name, value) => {
      if (name !== 'step') this.run.summary.set(name, value);
    });
    if (error) this.run.report({ file, line: error.line, message: error.message });
  }
}

/** Calls `onLeaf` with the `/`-joined path of every number in a nested JSON object (`"nan"` strings included). */
export function readJsonLeaves(
  bytes: Uint8Array,
  onLeaf: (name: string, value: number) => void,
): { line: number; message: string } | undefined {
  const path: string[] = [];
  let key: string | undefined;
  let arrays = 0;
  const handler: JsonHandler = {
    openObject() {
      if (key !== undefined && arrays === 0) path.push(key);
      key = undefined;
    },
    openArray() {
      arrays++;
    },
    close() {
      if (arrays > 0) arrays--;
      else path.pop();
      key = undefined;
    },
    key(name) {
      key = name;
    },
    number(value) {
      if (key !== undefined && arrays === 0) onLeaf([...path, key].join('/'), value);
    },
    string(b, start, end, escaped) {
      if (key === undefined || arrays > 0) return;
      // DVCLive stores a non-finite metric as the string "nan".
      const v = nonFiniteString(b, start, end, escaped);
      if (v !== undefined) onLeaf([...path, key].join('/'), v);
    },
    literal() {
      /* not a metric */
    },
  };
  const tokenizer = new JsonTokenizer(handler);
  const lines = new LineSplitter();
  const feed = (b: Uint8Array, start: number, end: number, line: number) => tokenizer.feedLine(b, start, end, line);
  lines.push(bytes, feed);
  lines.flush(feed);
  if (tokenizer.error) return tokenizer.error;
  if (!tokenizer.complete && !tokenizer.empty)
    return {
      line: lines.lineNumber - 1,
      message: 'the file ends before its JSON is complete (the writer may be rewriting it)',
    };
  return undefined;
}
