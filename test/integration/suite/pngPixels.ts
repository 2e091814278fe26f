// Reads the pixels of a PNG the panels export (8-bit RGB or RGBA, not interlaced: what a canvas writes),
// so a test can check what the image shows, not only that a file was written.
import { inflateSync } from 'node:zlib';

export interface Image {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes a pixel. */
  readonly rgba: Uint8Array;
}

export function decodePng(png: Uint8Array): Image {
  const b = Buffer.from(png);
  if (b.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let at = 8;
  let width = 0,
    height = 0,
    channels = 4;
  const data: Buffer[] = [];
  while (at < b.length) {
    const len = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    const body = b.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs are read here');
      channels = body[9] === 6 ? 4 : body[9] === 2 ? 3 : 0;
      if (channels === 0) throw new Error(`colour type ${body[9]} not read here`);
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  const prev = new Uint8Array(stride),
    cur = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? cur[i - channels]! : 0;
      const up = prev[i]!;
      const ul = i >= channels ? prev[i - channels]! : 0;
      let v = line[i]!;
      if (filter === 1) v += left;
      else if (filter === 2) v += up;
      else if (filter === 3) v += (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - ul;
        const pa = Math.abs(p - left),
          pb = Math.abs(p - up),
          pc = Math.abs(p - ul);
        v += pa <= pb && pa <= pc ? left : pb <= pc ? up : ul;
      }
      cur[i] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) out[(y * width + x) * 4 + c] = c < channels ? cur[x * channels + c]! : 255;
    }
    prev.set(cur);
  }
  return { width, height, rgba: out };
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
export function pixelNear(img: Image, x: number, y: number, rgb: readonly number[], radius: number): boolean {
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const px = x + dx,
        py = y + dy;
      if (px < 0 || py < 0 || px >= img.width || py >= img.height) continue;
      const k = (py * img.width + px) * 4;
      if (rgb.every((v, i) => Math.abs(img.rgba[k + i]! - v) <= 40)) return true;
    }
  }
  return false;
}
