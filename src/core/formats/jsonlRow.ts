/**
 * One line of a JSON Lines log read as a row: its metrics (nested objects as `/`-joined names), its
 * step (the surest of `step`, `iteration`, `global_step`, `iter`), epoch and wall time, mmcv's
 * `mode`, and whether it is plain enough for the fast path's template (see `FlatRowTemplate`).
 */

import { jsonString, nonFiniteString, type JsonHandler } from '../text/json';
import { wallSeconds } from '../text/numbers';
import { axisRole } from '../model/metricName';

/** A top-level key's part in a row. Step-like keys rank by how surely they count steps. */
export const enum Role {
  Metric,
  Step,
  Iteration,
  GlobalStep,
  Iter,
  Epoch,
  WallTime,
  Ignored,
}

function roleOf(name: string): Role {
  switch (name) {
    case 'step':
    case '_step':
      return Role.Step;
    case 'iteration':
      return Role.Iteration;
    case 'global_step':
      return Role.GlobalStep;
    case 'iter':
      return Role.Iter;
    case 'epoch':
      return Role.Epoch;
    default:
      break;
  }
  const axis = axisRole(name);
  if (axis === 'wallTime') return Role.WallTime;
  if (axis === 'epoch') return Role.Epoch;
  if (axis === 'step') return Role.Step;
  if (axis === 'relativeTime') return Role.Ignored;
  return Role.Metric;
}

/** Collects one line's object: its metrics and its axes. */
export class RowReader implements JsonHandler {
  depth = 0;
  /** Kinds of the open containers (true for an array), `depth` of them in use. */
  private readonly arrays: boolean[] = [];
  private inArray = 0;
  private currentKey: string | undefined;
  private readonly prefixes: string[] = [];
  private prefixCount = 0;
  private readonly roles = new Map<string, Role>();
  /** The role of the key at each place of the last line (lines repeat their keys): cheaper than the map. */
  private readonly placeKeys: string[] = [];
  private readonly placeRoles: Role[] = [];
  private place = 0;

  isObject = false;
  count = 0;
  readonly names: string[] = [];
  values = new Float64Array(64);
  step = NaN;
  stepRank = Role.Ignored;
  iter = NaN;
  epoch = NaN;
  wall = NaN;
  mode: string | undefined;
  meta = false;
  /** The line is one object of numbers, nothing nested, no strings, booleans or nulls (a template: see `FlatRowTemplate`). */
  plain = true;

  start(): void {
    this.plain = true;
    this.depth = 0;
    this.inArray = 0;
    this.prefixCount = 0;
    this.currentKey = undefined;
    this.isObject = false;
    this.count = 0;
    this.place = 0;
    this.step = NaN;
    this.stepRank = Role.Ignored;
    this.iter = NaN;
    this.epoch = NaN;
    this.wall = NaN;
    this.mode = undefined;
    this.meta = false;
  }

  openObject(): void {
    if (this.depth > 0) this.plain = false;
    if (this.depth === 0) this.isObject = true;
    else if (this.inArray === 0) this.prefixes[this.prefixCount++] = this.currentKey ?? '';
    this.arrays[this.depth++] = false;
    this.currentKey = undefined;
  }

  openArray(): void {
    this.plain = false;
    this.arrays[this.depth++] = true;
    this.inArray++;
  }

  close(): void {
    const wasArray = this.arrays[--this.depth];
    if (wasArray) this.inArray--;
    else if (this.depth > 0 && this.inArray === 0) this.prefixCount--;
    this.currentKey = undefined;
  }

  key(name: string): void {
    this.currentKey = name;
  }

  number(value: number): void {
    const key = this.currentKey;
    if (key === undefined || this.inArray > 0) {
      this.plain = false;
      return;
    }
    if (this.depth === 1) {
      const p = this.place++;
      let role = this.placeKeys[p] === key ? this.placeRoles[p] : undefined;
      if (role === undefined) {
        role = this.roles.get(key);
        if (role === undefined) {
          role = roleOf(key);
          this.roles.set(key, role);
        }
        this.placeKeys[p] = key;
        this.placeRoles[p] = role;
      }
      switch (role) {
        case Role.Metric:
          this.add(key, value);
          return;
        case Role.Epoch:
          this.epoch = value;
          return;
        case Role.WallTime:
          this.wall = wallSeconds(value);
          return;
        case Role.Ignored:
          return;
        default:
          if (role === Role.Iter) this.iter = value;
          if (role < this.stepRank) {
            this.step = value;
            this.stepRank = role;
          }
      }
      return;
    }
    this.add(`${this.prefixes.slice(0, this.prefixCount).join('/')}/${key}`, value);
  }

  string(bytes: Uint8Array, start: number, end: number, escaped: boolean): void {
    this.plain = false;
    const key = this.currentKey;
    if (key === undefined || this.inArray > 0) return;
    if (this.depth === 1) {
      if (key === 'mode') {
        this.mode = jsonString(bytes, start, end, escaped);
        return;
      }
      if (key === 'env_info' || key === 'config') {
        this.meta = true;
        return;
      }
    }
    // DVCLive and some loops write a non-finite value as the string "nan".
    const v = nonFiniteString(bytes, start, end, escaped);
    if (v !== undefined) this.number(v);
  }

  literal(): void {
    // Booleans and nulls are not metrics.
    this.plain = false;
  }

  /** The line's keys and their roles, in order, when it is plain (see `plain`). */
  keysAndRoles(): { readonly keys: string[]; readonly roles: Role[] } | undefined {
    if (!this.plain || !this.isObject) return undefined;
    return { keys: this.placeKeys.slice(0, this.place), roles: this.placeRoles.slice(0, this.place) };
  }

  private add(name: string, value: number): void {
    const i = this.count++;
    if (i === this.values.length) {
      const next = new Float64Array(i * 2);
      next.set(this.values);
      this.values = next;
    }
    this.names[i] = name;
    this.values[i] = value;
  }
}
