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

  /** The values pushed so far (a view, not a copy). */
  values(): Int32Array { return this.data.subarray(0, this.length); }
}

export class Float64Column {
  private data = new Float64Array(1024);
  length = 0;

  reserve(capacity: number): void {
    if (capacity > this.data.length) {
      const grown = new Float64Array(capacity);
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
  }

  push(v: number): void {
    if (this.length === this.data.length) this.reserve(Math.ceil(this.data.length * 1.5));
    this.data[this.length++] = v;
  }

  values(): Float64Array { return this.data.subarray(0, this.length); }
}
