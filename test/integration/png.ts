// Reads the PNGs of the tests: the screenshots the harness saves and the charts the panels export (8 bits
// per channel, RGB or RGBA, not interlaced: what Chromium and a canvas write), so a test can check what
// the picture shows, not only that a file was written.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** Channels per pixel: 3 (RGB) or 4 (RGBA). */
  readonly channels: number;
  readonly data: Uint8Array;
}

export function readPng(path: string): Pixels {
  return decodePng(readFileSync(path), path);
}

/** The pixels of the PNG `bytes`; `name` says which picture in an error. */
export function decodePng(bytes: Uint8Array, name = 'the picture'): Pixels {
  const file = Buffer.from(bytes);
  if (file.readUInt32BE(0) !== 0x89504e47) throw new Error(`${name} is not a PNG`);
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (at < file.length) {
    const length = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    const body = file.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, color, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || (color !== 2 && color !== 6) || interlace !== 0)
        throw new Error(`${name}: only 8-bit RGB or RGBA, not interlaced (depth ${depth}, colour type ${color})`);
      channels = color === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = data.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? data.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[x - channels]! : 0;
      const b = up[x]!;
      const c = x >= channels ? up[x - channels]! : 0;
      const v = line[x]!;
      out[x] =
        filter === 0
          ? v
          : filter === 1
            ? v + a
            : filter === 2
              ? v + b
              : filter === 3
                ? v + ((a + b) >> 1)
                : v + paeth(a, b, c);
    }
  }
  return { width, height, channels, data };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** The colour most pixels have, as [r, g, b], and the share of the pixels that have it. */
export function dominantColor(p: Pixels): { rgb: [number, number, number]; share: number } {
  const counts = new Map<number, number>();
  for (let i = 0; i < p.data.length; i += p.channels) {
    const key = (p.data[i]! << 16) | (p.data[i + 1]! << 8) | p.data[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best = 0;
  let most = 0;
  for (const [key, n] of counts)
    if (n > most) {
      most = n;
      best = key;
    }
  return { rgb: [(best >> 16) & 255, (best >> 8) & 255, best & 255], share: most / (p.width * p.height) };
}

/** How many distinct colours the picture has (a blank one has one or two). */
export function colorCount(p: Pixels): number {
  const seen = new Set<number>();
  for (let i = 0; i < p.data.length; i += p.channels)
    seen.add((p.data[i]! << 16) | (p.data[i + 1]! << 8) | p.data[i + 2]!);
  return seen.size;
}

/** `#rgb`, `#rrggbb` or `rgb(r, g, b)` as three numbers; undefined for other spellings. */
export function hexRgb(color: string): [number, number, number] | undefined {
  const c = color.trim();
  if (/^#[0-9a-f]{6}$/i.test(c))
    return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
  if (/^#[0-9a-f]{3}$/i.test(c)) return [1, 2, 3].map((i) => parseInt(c[i]! + c[i]!, 16)) as [number, number, number];
  const m = /^rgba?\((\d+)[ ,]+(\d+)[ ,]+(\d+)/.exec(c);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Whether a pixel within `radius` of (x, y) has about the colour `rgb` (points are drawn 90 % opaque). */
export function pixelNear(p: Pixels, x: number, y: number, rgb: readonly number[], radius: number): boolean {
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const px = x + dx;
      const py = y + dy;
      if (px < 0 || py < 0 || px >= p.width || py >= p.height) continue;
      const k = (py * p.width + px) * p.channels;
      if (rgb.every((v, i) => Math.abs(p.data[k + i]! - v) <= 40)) return true;
    }
  }
  return false;
}
