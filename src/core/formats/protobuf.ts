/**
 * Just enough of the protobuf wire format to read TensorBoard events without generated code:
 * a cursor over `[pos, end)` of a byte array that reads varints, fixed-width numbers and
 * length-delimited ranges, and skips fields it is not asked about. No allocation per field.
 */

export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;
export const FIXED32 = 5;

// Little-endian reads of floats through one shared buffer (typed arrays use the platform's order).
const scratch = new Uint8Array(8);
const f32 = new Float32Array(scratch.buffer, 0, 1);
const f64 = new Float64Array(scratch.buffer, 0, 1);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function float32At(bytes: Uint8Array, at: number): number {
  for (let k = 0; k < 4; k++) scratch[LITTLE_ENDIAN ? k : 3 - k] = bytes[at + k]!;
  return f32[0]!;
}

export function float64At(bytes: Uint8Array, at: number): number {
  for (let k = 0; k < 8; k++) scratch[LITTLE_ENDIAN ? k : 7 - k] = bytes[at + k]!;
  return f64[0]!;
}

export function uint32At(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/** A little-endian 64-bit integer as a number (exact below 2^53). */
export function int64At(bytes: Uint8Array, at: number, signed: boolean): number {
  const lo = uint32At(bytes, at);
  const hi = uint32At(bytes, at + 4);
  return signed && hi >= 0x80000000 ? (hi - 0x100000000) * 0x100000000 + lo : hi * 0x100000000 + lo;
}

/** IEEE half precision (DT_HALF) from its 16 bits. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** bfloat16 (DT_BFLOAT16): the top 16 bits of a float32. */
export function bfloat16ToNumber(bits: number): number {
  scratch.fill(0, 0, 4);
  const hiAt = LITTLE_ENDIAN ? 2 : 1;
  scratch[hiAt] = bits & 0xff;
  scratch[LITTLE_ENDIAN ? 3 : 0] = (bits >> 8) & 0xff;
  return f32[0]!;
}

export class ProtoCursor {
  bytes: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;
  /** Set when the bytes are not valid protobuf; reading stops. */
  broken = false;

  reset(bytes: Uint8Array, start: number, end: number): this {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.broken = false;
    return this;
  }

  get more(): boolean {
    return !this.broken && this.pos < this.end;
  }

  // The two 32-bit halves of the last varint read, for exact signed 64-bit values.
  private lo = 0;
  private hi = 0;

  /** An unsigned varint; 64-bit values above 2^53 lose precision, as JavaScript numbers do. */
  varint(): number {
    let lo = 0;
    let hi = 0;
    for (let shift = 0; ; shift += 7) {
      if (this.pos >= this.end || shift > 63) {
        this.broken = true;
        return 0;
      }
      const b = this.bytes[this.pos++]!;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      if (!(b & 0x80)) break;
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    return this.hi * 0x100000000 + this.lo;
  }

  /** An int64 varint (two's complement: a negative step takes ten bytes). */
  int64(): number {
    const v = this.varint();
    return this.hi >= 0x80000000 ? (this.hi - 0x100000000) * 0x100000000 + this.lo : v;
  }

  /** Reads a length prefix; returns the end of the field and leaves `pos` at its start. */
  lengthDelimited(): number {
    const n = this.varint();
    const e = this.pos + n;
    if (e > this.end) {
      this.broken = true;
      return this.pos;
    }
    return e;
  }

  fixed32Float(): number {
    if (this.pos + 4 > this.end) {
      this.broken = true;
      return NaN;
    }
    const v = float32At(this.bytes, this.pos);
    this.pos += 4;
    return v;
  }

  fixed64Double(): number {
    if (this.pos + 8 > this.end) {
      this.broken = true;
      return NaN;
    }
    const v = float64At(this.bytes, this.pos);
    this.pos += 8;
    return v;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case VARINT:
        this.varint();
        return;
      case FIXED64:
        this.pos += 8;
        break;
      case LENGTH_DELIMITED:
        this.pos = this.lengthDelimited();
        return;
      case FIXED32:
        this.pos += 4;
        break;
      default:
        this.broken = true;
        return;
    }
    if (this.pos > this.end) this.broken = true;
  }
}
