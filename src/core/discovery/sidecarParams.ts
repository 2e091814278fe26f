/**
 * Hyper-parameters that sit beside a one-file run, in a file of their own: Lightning's
 * `hparams.yaml` beside `version_N/metrics.csv`, and for a Hugging Face `trainer_state.json` the
 * JSON files an output folder may hold next to it: `training_args.json` (written by many training
 * scripts; the Trainer itself saves its arguments as `training_args.bin`, a pickle, which is not
 * read) and `config.json` (the model's configuration: depth, width, vocabulary), whose keys are
 * prefixed `model.` so they never collide with the arguments. Pure: the caller reads the bytes.
 */

import { decodeUtf8 } from '../text/lines';
import type { FormatId, Run } from '../model/run';
import { wholeText } from '../formats/textBytes';
import { readYamlParams, MAX_YAML_BYTES, type YamlParse } from '../text/yaml';

export interface SidecarParams {
  /** The file's name, in the run file's folder. */
  readonly file: string;
  /** Put before each of its keys. */
  readonly prefix: string;
}

const SIDECARS: Partial<Record<FormatId, readonly SidecarParams[]>> = {
  'lightning-csv': [{ file: 'hparams.yaml', prefix: '' }],
  'hf-trainer-state': [
    { file: 'training_args.json', prefix: '' },
    { file: 'config.json', prefix: 'model.' },
  ],
};

/** The largest sidecar read (it is read whole). */
export const MAX_SIDECAR_BYTES = MAX_YAML_BYTES;

/** The files beside a run of `format` that may hold its parameters. */
export function sidecarsFor(format: FormatId): readonly SidecarParams[] {
  return SIDECARS[format] ?? [];
}

/**
 * Sets the run's parameters from one sidecar's bytes. A problem is reported on the run with the
 * sidecar's name in the message (the run's lines are those of its own file, not this one's).
 */
export function applySidecar(
  run: Run,
  sidecar: SidecarParams,
  bytes: Uint8Array,
  parseYaml: YamlParse = readYamlParams,
): void {
  const where = (line?: number) => `in ${sidecar.file} beside it${line === undefined ? '' : `, line ${line}`}`;
  const text = wholeText(bytes, (message) => run.report({ message: `${where()}: ${message}` }));
  if (!text) return;
  const { values, issue } = parseYaml(decodeUtf8(text));
  for (const [k, v] of values) run.params.set(sidecar.prefix + k, v);
  if (issue) run.report({ message: `${where(issue.line)}: ${issue.message}` });
}
