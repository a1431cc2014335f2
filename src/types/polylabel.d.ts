// polylabel 2 ships no types: it takes rings of [x, y] (outer first) and returns the point.
declare module 'polylabel' {
  export default function polylabel(polygon: number[][][], precision?: number, debug?: boolean): [number, number] & { distance: number };
}
