import { n } from './svg.ts';

/**
 * The map's hatching (occupied areas and their legend swatches) as plain lines clipped to the
 * shape, not an SVG <pattern>: Chromium's PDF backend (Skia) cannot write a pattern as vectors and
 * painted each hatched shape as a full-page raster (1.4 MB of the default deck's slides.pdf, and
 * most of its map page's print time). Clipped paths stay vectors.
 *
 * The lines lie on the lattice the pattern had, in the SVG's user space (the pattern was
 * userSpaceOnUse, its tile `size` square rotated by `angle`, holding the line x = 0 with a 2.2 wide
 * stroke): the tile clipped that stroke to its right half, so each stripe is 1.1 wide, from
 * x = k·size to k·size + 1.1 in the rotated frame. Shapes hatched alike therefore line up as before.
 */

/** Diagonal hatching; later groups are denser and lean the other way, so they read apart. */
function style(group: number): { size: number; angle: number } {
  return group % 2 === 0 ? { size: 9, angle: 45 } : { size: 7, angle: -45 };
}

const STRIPE = 1.1;

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The lines of hatch `group` over `box`, clipped to `shape` (an SVG shape element, drawn inside a
 * <clipPath> with id `id`): what the shape's pattern fill painted. The shape's outline is the caller's.
 */
export function hatchLines(id: string, group: number, shape: string, box: Box, ink: string): string {
  const { size, angle } = style(group);
  const a = (angle * Math.PI) / 180;
  const [ux, uy] = [Math.cos(a), Math.sin(a)]; // across the stripes
  const [vx, vy] = [-uy, ux]; // along them
  const corners = [
    [box.x0, box.y0],
    [box.x1, box.y0],
    [box.x0, box.y1],
    [box.x1, box.y1],
  ] as const;
  const across = corners.map(([x, y]) => x * ux + y * uy);
  const along = corners.map(([x, y]) => x * vx + y * vy);
  const [t0, t1] = [Math.min(...along) - 1, Math.max(...along) + 1];
  const [dx, dy] = [n((t1 - t0) * vx), n((t1 - t0) * vy)];
  const d: string[] = [];
  for (let k = Math.floor((Math.min(...across) - STRIPE) / size); k <= Math.ceil(Math.max(...across) / size); k++) {
    const c = k * size + STRIPE / 2; // the stripe's middle
    d.push(`M${n(c * ux + t0 * vx)} ${n(c * uy + t0 * vy)}l${dx} ${dy}`);
  }
  return `<clipPath id="${id}">${shape}</clipPath><path d="${d.join('')}" clip-path="url(#${id})" fill="none" stroke="${ink}" stroke-width="${STRIPE}"/>`;
}

/** The bounding box of path data made of M/m/l/z commands with integer coordinates (geo.ts's RelativePath). */
export function pathBox(d: string): Box {
  const box: Box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  let [x, y, sx, sy] = [0, 0, 0, 0];
  let cmd = 'M';
  for (const m of d.matchAll(/([MmLlZz])|(-?\d+(?:\.\d+)?)\s*,?\s*(-?\d+(?:\.\d+)?)/g)) {
    if (m[1] !== undefined) {
      if (m[1] === 'z' || m[1] === 'Z') [x, y] = [sx, sy];
      cmd = m[1];
      continue;
    }
    const [px, py] = [Number(m[2]), Number(m[3])];
    if (cmd === 'M' || cmd === 'L') [x, y] = [px, py];
    else [x, y] = [x + px, y + py];
    if (cmd === 'M' || cmd === 'm') {
      [sx, sy] = [x, y];
      cmd = cmd === 'M' ? 'L' : 'l'; // further pairs after a move are lines
    }
    box.x0 = Math.min(box.x0, x);
    box.y0 = Math.min(box.y0, y);
    box.x1 = Math.max(box.x1, x);
    box.y1 = Math.max(box.y1, y);
  }
  return box;
}
