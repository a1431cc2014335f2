import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * harfbuzz's subsetter (harfbuzzjs' harfbuzz-subset.wasm) called directly, as subset-font calls it
 * with `targetFormat: 'truetype'` and `keepFeatures` (the same wasm and calls, so the same bytes),
 * without what a cut did not need from it:
 * - its converter, fontverter, which loads wawoff2's two wasm builds when required (~80 ms of CPU
 *   in every process that cuts, for a conversion a TrueType-to-TrueType cut never makes);
 * - a copy of the source font into wasm memory and a new face for each cut: each source's face is
 *   kept, so its tables' accelerators (cmap, glyph closure) are built once for the three or more
 *   chunks a weight is cut into.
 */

interface HbSubsetWasm {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;
/** Faces kept: both weights' main fonts and the slices a few decks need. */
const KEPT_FACES = 16;

let wasm: Promise<HbSubsetWasm> | undefined;
function harfbuzz(): Promise<HbSubsetWasm> {
  wasm ??= (async () => {
    const file = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
    const { instance } = await WebAssembly.instantiate(readFileSync(file));
    const hb = instance.exports as unknown as HbSubsetWasm;
    hb._initialize();
    return hb;
  })();
  return wasm;
}

/** Faces by source font (the Buffer fonts.ts keeps per file), oldest first. */
const faces = new Map<Uint8Array, { face: number; data: number }>();

function faceOf(hb: HbSubsetWasm, font: Uint8Array): number {
  const known = faces.get(font);
  if (known) return known.face;
  const data = hb.malloc(font.length);
  new Uint8Array(hb.memory.buffer).set(font, data);
  const blob = hb.hb_blob_create(data, font.length, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  faces.set(font, { face, data });
  if (faces.size > KEPT_FACES) {
    const [oldest, f] = faces.entries().next().value!;
    hb.hb_face_destroy(f.face);
    hb.free(f.data);
    faces.delete(oldest);
  }
  return face;
}

const tag = (s: string): number => ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0;

/** `font` (TrueType) cut to the glyphs of `text`, keeping the layout features `features`, as TrueType. */
export async function subsetTrueType(font: Uint8Array, text: string, features: readonly string[]): Promise<Uint8Array> {
  const hb = await harfbuzz();
  // From here on synchronous: no other cut runs in between, so the oldest face can be dropped.
  const face = faceOf(hb, font);
  const input = hb.hb_subset_input_create_or_fail();
  if (input === 0) throw new Error('harfbuzz: hb_subset_input_create_or_fail failed');
  let subset = 0;
  try {
    const layout = hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
    hb.hb_set_clear(layout);
    for (const f of features) hb.hb_set_add(layout, tag(f));
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const ch of text) hb.hb_set_add(unicodes, ch.codePointAt(0)!);
    subset = hb.hb_subset_or_fail(face, input);
  } finally {
    hb.hb_subset_input_destroy(input);
  }
  if (subset === 0) throw new Error('harfbuzz: hb_subset_or_fail failed (a broken font?)');
  const blob = hb.hb_face_reference_blob(subset);
  try {
    const at = hb.hb_blob_get_data(blob, 0);
    const length = hb.hb_blob_get_length(blob);
    if (length === 0) throw new Error('harfbuzz: the subset is empty (a broken font?)');
    // A copy: the wasm memory is reused (and may grow, detaching views) by the next cut.
    return new Uint8Array(hb.memory.buffer).slice(at, at + length);
  } finally {
    hb.hb_blob_destroy(blob);
    hb.hb_face_destroy(subset);
  }
}
