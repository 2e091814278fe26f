/**
 * Run colours: the theme's own chart colours first, then as many more as needed, spread around
 * the hue circle by the golden angle so neighbours stay distinguishable (the DVC extension stops
 * at 7). Pure, so it is unit-tested in Node.
 */

const GOLDEN_ANGLE = 137.508;

/** Colour of run `index`; `dark` picks a lightness that reads on dark backgrounds. */
export function runColor(themePalette: readonly string[], index: number, dark: boolean): string {
  if (index < themePalette.length) return themePalette[index]!;
  const k = index - themePalette.length;
  // Start between the theme's hues (blue, orange, green, purple, red, yellow sit near 210, 30, 100, 280, 0, 50).
  const hue = (170 + k * GOLDEN_ANGLE) % 360;
  const lightness = dark ? 62 + (k % 3) * 6 : 38 + (k % 3) * 6;
  const saturation = 70 - (Math.floor(k / 3) % 3) * 15;
  return `hsl(${hue.toFixed(1)}, ${saturation}%, ${lightness}%)`;
}

/** The same colour with an alpha, for faint raw lines and bands. Accepts #rgb, #rrggbb, rgb(), hsl(). */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(c);
  if (m) {
    const [r, g, b] = m[1]!.split('').map((h) => parseInt(h + h, 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(c);
  if (m) {
    const n = parseInt(m[1]!, 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  m = /^(rgb|hsl)a?\(([^)]*)\)$/i.exec(c);
  if (m) {
    const parts = m[2]!
      .split(/[\s,/]+/)
      .filter(Boolean)
      .slice(0, 3);
    return `${m[1]!.toLowerCase()}a(${parts.join(', ')}, ${alpha})`;
  }
  return c;
}
