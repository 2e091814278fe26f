/**
 * TensorBoard event files (`events.out.tfevents.*`): TFRecord frames holding `Event` protobufs.
 * Scalars come as `simple_value` (PyTorch's `SummaryWriter`, TF1) or as rank-0 tensors with the
 * `scalars` plugin (TF2, Keras); histograms, images, graphs, text and hparams share the file and
 * are skipped. Each point's location is the byte offset of its record. One tag logged many times
 * at one step (Ultralytics) keeps every value.
 *
 * A log directory's run is its folder: every event file in it, and in its split sub-folders
 * (Keras writes `train/` and `validation/`), which prefix the tags without one (`validation/epoch_loss`).
 */

import { NameCache } from '../text/intern';
import { Run, type FolderRunParser, type RunParser, type WriteMode } from '../model/run';
import type { Series } from '../model/series';
import {
  FIXED32,
  FIXED64,
  LENGTH_DELIMITED,
  ProtoCursor,
  VARINT,
  bfloat16ToNumber,
  float32At,
  float64At,
  halfToNumber,
  int64At,
  uint32At,
} from './protobuf';
import { TfRecordReader } from './tfrecord';

const EVENT_FILE = /^events\.out\.tfevents\./;
const SPLIT_FOLDER = /^(train|training|validation|valid|val|eval|evaluation|test)$/i;

export function isEventFileName(name: string): boolean {
  return EVENT_FILE.test(name);
}
/** Folder names that are a split of one run, not a run of their own. */
export function isSplitFolderName(name: string): boolean {
  return SPLIT_FOLDER.test(name);
}

// TensorProto dtypes.
const DT_FLOAT = 1,
  DT_DOUBLE = 2,
  DT_INT32 = 3,
  DT_UINT8 = 4,
  DT_INT16 = 5,
  DT_INT8 = 6,
  DT_INT64 = 9,
  DT_BOOL = 10,
  DT_BFLOAT16 = 14,
  DT_HALF = 19;
const SCALARS = [115, 99, 97, 108, 97, 114, 115]; // "scalars"
const DATA_CLASS_SCALAR = 1;

/** Decodes the events of one file into a run's series. */
export class EventFileReader {
  private readonly records: TfRecordReader;
  // One cursor per nesting level: event (and its summary), value, tensor or metadata, tensor shape.
  private readonly cursor = new ProtoCursor();
  private readonly valueCursor = new ProtoCursor();
  private readonly inner = new ProtoCursor();
  private readonly shapeCursor = new ProtoCursor();
  private readonly names = new NameCache();
  /** Whether a tag's metadata said it is a scalar; TF2 writes the metadata on a tag's first value only. */
  private readonly tagIsScalar = new Map<string, boolean>();
  private readonly seriesByTag = new Map<string, Series>();
  // The value being decoded.
  private value = NaN;

  constructor(
    private readonly run: Run,
    private readonly prefix: string,
    private readonly file?: string,
  ) {
    this.records = new TfRecordReader(this.onRecord, (offset, message, revises) =>
      run.report(file === undefined ? { offset, message } : { offset, message, file }, revises),
    );
  }

  get pendingBytes(): number {
    return this.records.pendingBytes;
  }
  push(chunk: Uint8Array): void {
    this.records.push(chunk);
  }
  flush(): void {
    this.records.flush();
  }
  flushStep(): boolean {
    return this.records.flushStep();
  }

  private readonly onRecord = (bytes: Uint8Array, start: number, end: number, offset: number): void => {
    const c = this.cursor.reset(bytes, start, end);
    let wallTime = NaN;
    let step = 0;
    let summaryStart = -1,
      summaryEnd = -1;
    while (c.more) {
      const key = c.varint();
      const field = key >>> 3,
        wire = key & 7;
      if (field === 1 && wire === FIXED64) wallTime = c.fixed64Double();
      else if (field === 2 && wire === VARINT) step = c.int64();
      else if (field === 5 && wire === LENGTH_DELIMITED) {
        summaryEnd = c.lengthDelimited();
        summaryStart = c.pos;
        c.pos = summaryEnd;
      } else c.skip(wire);
    }
    if (c.broken) {
      this.report(offset, `the record at byte ${offset} is not a valid event; skipped`);
      return;
    }
    if (summaryStart < 0) return;
    const s = c.reset(bytes, summaryStart, summaryEnd);
    while (s.more) {
      const key = s.varint();
      if (key >>> 3 === 1 && (key & 7) === LENGTH_DELIMITED) {
        const e = s.lengthDelimited();
        this.onValue(bytes, s.pos, e, step, wallTime, offset);
        s.pos = e;
      } else {
        s.skip(key & 7);
      }
    }
  };

  /** One `Summary.Value`: a tag and a scalar, or something else to skip. */
  private onValue(bytes: Uint8Array, start: number, end: number, step: number, wallTime: number, offset: number): void {
    const c = this.valueCursor.reset(bytes, start, end);
    let tagStart = -1,
      tagEnd = -1;
    let simple = NaN,
      hasSimple = false;
    let tensorStart = -1,
      tensorEnd = -1;
    let metaStart = -1,
      metaEnd = -1;
    while (c.more) {
      const key = c.varint();
      const field = key >>> 3,
        wire = key & 7;
      if (field === 1 && wire === LENGTH_DELIMITED) {
        tagEnd = c.lengthDelimited();
        tagStart = c.pos;
        c.pos = tagEnd;
      } else if (field === 2 && wire === FIXED32) {
        simple = c.fixed32Float();
        hasSimple = true;
      } else if (field === 8 && wire === LENGTH_DELIMITED) {
        tensorEnd = c.lengthDelimited();
        tensorStart = c.pos;
        c.pos = tensorEnd;
      } else if (field === 9 && wire === LENGTH_DELIMITED) {
        metaEnd = c.lengthDelimited();
        metaStart = c.pos;
        c.pos = metaEnd;
      } else c.skip(wire);
    }
    if (c.broken || tagStart < 0) return;
    const tag = this.names.name(bytes, tagStart, tagEnd);
    if (metaStart >= 0) this.tagIsScalar.set(tag, this.metadataSaysScalar(bytes, metaStart, metaEnd));
    if (!hasSimple) {
      if (tensorStart < 0 || this.tagIsScalar.get(tag) === false) return;
      if (!this.scalarTensor(bytes, tensorStart, tensorEnd)) return;
      simple = this.value;
    }
    let series = this.seriesByTag.get(tag);
    if (!series) {
      // A tag with its own prefix (`val/box_loss`, `metrics/mAP50(B)`, `Loss/train`) names its split itself:
      // the folder's name (Ultralytics writes its runs to `train/`, `train2/`…) is not put before it.
      series = this.run.seriesFor(tag.includes('/') ? tag : this.prefix + tag);
      this.seriesByTag.set(tag, series);
    }
    if (this.file !== undefined) series.noteFile(this.file);
    // Keras' `epoch_*` tags are logged once per epoch, with the epoch as step.
    const epoch = series.id.aggregation === 'epoch' ? step : undefined;
    series.append(step, simple, offset, epoch, Number.isNaN(wallTime) ? undefined : wallTime);
  }

  /** `SummaryMetadata`: the plugin is `scalars`, or the data class says scalar. */
  private metadataSaysScalar(bytes: Uint8Array, start: number, end: number): boolean {
    const c = this.inner.reset(bytes, start, end);
    let plugin: boolean | undefined;
    while (c.more) {
      const key = c.varint();
      const field = key >>> 3,
        wire = key & 7;
      if (field === 1 && wire === LENGTH_DELIMITED) {
        // PluginData { 1 plugin_name, 2 content }
        const e = c.lengthDelimited();
        while (c.pos < e && !c.broken) {
          const k = c.varint();
          if (k >>> 3 === 1 && (k & 7) === LENGTH_DELIMITED) {
            const ne = c.lengthDelimited();
            plugin = ne - c.pos === SCALARS.length && SCALARS.every((b, i) => bytes[c.pos + i] === b);
            c.pos = ne;
          } else {
            c.skip(k & 7);
          }
        }
        c.pos = e;
      } else if (field === 4 && wire === VARINT) {
        if (c.varint() === DATA_CLASS_SCALAR) plugin ??= true;
      } else {
        c.skip(wire);
      }
    }
    return plugin ?? false;
  }

  /** A rank-0 (or one-element) numeric `TensorProto`; sets `this.value`. */
  private scalarTensor(bytes: Uint8Array, start: number, end: number): boolean {
    const c = this.inner.reset(bytes, start, end);
    let dtype = 0;
    let elements = 1;
    let contentStart = -1,
      contentEnd = -1;
    let firstVal: number | undefined;
    let valField = 0;
    while (c.more) {
      const key = c.varint();
      const field = key >>> 3,
        wire = key & 7;
      if (field === 1 && wire === VARINT) dtype = c.varint();
      else if (field === 2 && wire === LENGTH_DELIMITED) {
        const e = c.lengthDelimited();
        elements = this.shapeElements(bytes, c.pos, e);
        c.pos = e;
      } else if (field === 4 && wire === LENGTH_DELIMITED) {
        contentEnd = c.lengthDelimited();
        contentStart = c.pos;
        c.pos = contentEnd;
      } else if ((field === 5 || field === 6 || field === 7 || field === 10 || field === 13) && valField === 0) {
        valField = field;
        firstVal = this.firstRepeated(c, field, wire);
      } else c.skip(wire);
    }
    if (c.broken || elements !== 1) return false;
    let v: number;
    if (contentStart >= 0) {
      const n = contentEnd - contentStart;
      const at = contentStart;
      switch (dtype) {
        case DT_FLOAT:
          if (n < 4) return false;
          v = float32At(bytes, at);
          break;
        case DT_DOUBLE:
          if (n < 8) return false;
          v = float64At(bytes, at);
          break;
        case DT_INT32:
          if (n < 4) return false;
          v = uint32At(bytes, at) | 0;
          break;
        case DT_INT64:
          if (n < 8) return false;
          v = int64At(bytes, at, true);
          break;
        case DT_HALF:
          if (n < 2) return false;
          v = halfToNumber(bytes[at]! | (bytes[at + 1]! << 8));
          break;
        case DT_BFLOAT16:
          if (n < 2) return false;
          v = bfloat16ToNumber(bytes[at]! | (bytes[at + 1]! << 8));
          break;
        case DT_UINT8:
        case DT_BOOL:
          if (n < 1) return false;
          v = bytes[at]!;
          break;
        case DT_INT8:
          if (n < 1) return false;
          v = (bytes[at]! << 24) >> 24;
          break;
        case DT_INT16:
          if (n < 2) return false;
          v = ((bytes[at]! | (bytes[at + 1]! << 8)) << 16) >> 16;
          break;
        default:
          return false;
      }
    } else {
      const expected =
        dtype === DT_FLOAT
          ? 5
          : dtype === DT_DOUBLE
            ? 6
            : dtype === DT_INT64
              ? 10
              : dtype === DT_HALF || dtype === DT_BFLOAT16
                ? 13
                : dtype === DT_INT32 ||
                    dtype === DT_INT16 ||
                    dtype === DT_INT8 ||
                    dtype === DT_UINT8 ||
                    dtype === DT_BOOL
                  ? 7
                  : -1;
      if (valField !== expected || firstVal === undefined) return false;
      v = valField === 13 ? (dtype === DT_HALF ? halfToNumber(firstVal) : bfloat16ToNumber(firstVal)) : firstVal;
    }
    this.value = v;
    return true;
  }

  /** The first element of a repeated numeric field, packed or not; skips the rest. */
  private firstRepeated(c: ProtoCursor, field: number, wire: number): number | undefined {
    const isFloat = field === 5,
      isDouble = field === 6;
    if (wire === LENGTH_DELIMITED) {
      const e = c.lengthDelimited();
      if (e === c.pos) return undefined;
      const v = isFloat
        ? float32At(c.bytes, c.pos)
        : isDouble
          ? float64At(c.bytes, c.pos)
          : field === 10
            ? c.int64()
            : c.varint();
      c.pos = e;
      return field === 7 ? v | 0 : v;
    }
    if (isFloat && wire === FIXED32) return c.fixed32Float();
    if (isDouble && wire === FIXED64) return c.fixed64Double();
    if (!isFloat && !isDouble && wire === VARINT)
      return field === 10 ? c.int64() : field === 7 ? c.varint() | 0 : c.varint();
    c.skip(wire);
    return undefined;
  }

  /** `TensorShapeProto`: the product of its dims' sizes (1 for rank 0). */
  private shapeElements(bytes: Uint8Array, start: number, end: number): number {
    const c = this.shapeCursor.reset(bytes, start, end);
    let elements = 1;
    while (c.more) {
      const key = c.varint();
      if (key >>> 3 === 2 && (key & 7) === LENGTH_DELIMITED) {
        const e = c.lengthDelimited();
        let size = 0;
        while (c.pos < e && !c.broken) {
          const k = c.varint();
          if (k >>> 3 === 1 && (k & 7) === VARINT) size = c.int64();
          else c.skip(k & 7);
        }
        elements *= size;
        c.pos = e;
      } else {
        c.skip(key & 7);
      }
    }
    return c.broken ? -1 : elements;
  }

  private report(offset: number, message: string): void {
    this.run.report(this.file === undefined ? { offset, message } : { offset, message, file: this.file });
  }
}

/** One event file read on its own. `prefix` names its split (`validation/`) when its folder does. */
export class TfEventsParser implements RunParser {
  readonly run: Run;
  private readonly reader: EventFileReader;

  constructor(source: string, name: string, prefix = '') {
    this.run = new Run(source, 'tfevents', name, 'offset');
    this.reader = new EventFileReader(this.run, prefix);
  }

  get pendingBytes(): number {
    return this.reader.pendingBytes;
  }
  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }
  flush(): void {
    this.reader.flush();
  }
  flushStep(): boolean {
    return this.reader.flushStep();
  }
}

/** A TensorBoard run folder: its event files and those of its split sub-folders, merged. */
export class TfEventsFolderParser implements FolderRunParser {
  readonly run: Run;
  readonly outsideMembers: readonly string[] = [];
  private readonly readers = new Map<string, EventFileReader>();

  constructor(source: string, name: string) {
    this.run = new Run(source, 'tfevents', name, 'offset');
  }

  memberMode(file: string): WriteMode | undefined {
    const parts = file.split('/');
    const base = parts[parts.length - 1]!;
    if (!isEventFileName(base)) return undefined;
    if (parts.length === 1) return 'append';
    return parts.length === 2 && isSplitFolderName(parts[0]!) ? 'append' : undefined;
  }

  exploresFolder(folder: string): boolean {
    return folder === '' || (!folder.includes('/') && isSplitFolderName(folder));
  }

  get pendingBytes(): number {
    let n = 0;
    for (const r of this.readers.values()) n += r.pendingBytes;
    return n;
  }

  push(file: string, chunk: Uint8Array): void {
    let reader = this.readers.get(file);
    if (!reader) {
      const slash = file.lastIndexOf('/');
      reader = new EventFileReader(this.run, slash < 0 ? '' : file.slice(0, slash + 1), file);
      this.readers.set(file, reader);
    }
    reader.push(chunk);
  }

  flush(file?: string): void {
    if (file === undefined) for (const r of this.readers.values()) r.flush();
    else this.readers.get(file)?.flush();
  }

  /** One step of one member's flush (a member whose flush is over has nothing to do: see `TfRecordReader`). */
  flushStep(file?: string): boolean {
    if (file !== undefined) return this.readers.get(file)?.flushStep() ?? false;
    for (const r of this.readers.values()) if (r.flushStep()) return true;
    return false;
  }
}
