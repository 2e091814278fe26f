/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zlib's `crc32` computes it: the
 * checksum of W&B's `.wandb` log chunks (plain, not masked, unlike TFRecord's CRC-32C).
 * Check value: crc32("123456789") = 0xCBF43926.
 */

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Continues `crc` (0 to start) over `bytes[start, end)`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
