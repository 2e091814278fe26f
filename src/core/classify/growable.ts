/**
 * Typed-array columns that grow while a file streams in (no per-row objects). A reader that knows
 * how many rows to expect reserves them once: fresh memory is expensive to touch, so growing by
 * copying is kept for when the guess was short.
 */

export class Int32Column {
  private data = new Int32Array(1024);
  length = 0;

  /** Makes room for `capacity` values in all. */
  reserve(capacity: number): void {
    if (capacity > this.data.length) {
      const grown = new Int32Array(capacity);
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
  }

  push(v: number): void {
    if (this.length === this.data.length) this.reserve(Math.ceil(this.data.length * 1.5));
    this.data[this.length++] = v;
  }

  /** Pushes every value of `values`. */
  append(values: Int32Array): void {
    this.reserve(this.length + values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }

  /** The values pushed so far (a view, not a copy). */
  values(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** A Float64Column's room before its first growth. */
const INITIAL_CAPACITY = 8;

export class Float64Column {
  private data: Float64Array;
  length = 0;

  /**
   * `shared`: the values live in SharedArrayBuffer memory (where the host has it), so that worker
   * threads can read the column without a copy.
   */
  /**
   * Starts small: a file may have tens of thousands of columns (a header of tabs) and a few rows, and a column
   * of 1 024 values each held 185 MB for a 23 KB file (found by `npm run fuzz`). Columns of many rows are
   * reserved at their size (`reserve`) or grow by half again.
   */
  constructor(private readonly shared = false) {
    this.data = this.allocate(INITIAL_CAPACITY);
  }

  private allocate(n: number): Float64Array {
    return this.shared && typeof SharedArrayBuffer === 'function'
      ? new Float64Array(new SharedArrayBuffer(8 * n))
      : new Float64Array(n);
  }

  reserve(capacity: number): void {
    if (capacity > this.data.length) {
      const grown = this.allocate(capacity);
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
  }

  push(v: number): void {
    if (this.length === this.data.length) this.reserve(Math.ceil(this.data.length * 1.5));
    this.data[this.length++] = v;
  }

  append(values: Float64Array): void {
    this.reserve(this.length + values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }

  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
