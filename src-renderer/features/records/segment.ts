// Keeps the virtualiser's row count bounded however long the list grows.
// @tanstack/react-virtual keeps a measurement per row and recomputes them all
// when the count changes (measured: ~50 ms at 1,000,000 rows, ~3 ms at
// 20,000), and browsers cap an element's height near 33.5 million pixels
// (700,000 rows of 48 px). So the table shows a segment of at most
// `segmentRows` rows starting at `base`; near either end of the segment the
// base moves by `shiftRows` and the scroll position by the same distance, so
// the rows under the user's eyes do not move.

export const segmentRows = 20_000;
export const shiftRows = 10_000;
/** How close (in rows) to a segment end the shift happens. */
export const edgeRows = 1_000;

/** Rows the virtualiser sees for a list of `total` rows seen from `base`. */
export function segmentCount(base: number, total: number): number {
  return Math.max(0, Math.min(total - base, segmentRows));
}

/**
 * How far to move the base (in rows) when rows first..last of the segment
 * (segment-relative) are in view: +shiftRows near its end when more rows
 * follow, -shiftRows (or less, down to 0) near its start, else 0.
 */
export function segmentShift(base: number, first: number, last: number, total: number): number {
  const count = segmentCount(base, total);
  if (last >= count - edgeRows && total - base > segmentRows) return shiftRows;
  if (first < edgeRows && base > 0) return -Math.min(shiftRows, base);
  return 0;
}

/** A base that puts absolute row `index` well inside the segment. */
export function baseFor(index: number, total: number): number {
  if (index < segmentRows - edgeRows) return 0;
  const base = Math.max(0, index - shiftRows);
  return Math.min(base, Math.max(0, total - segmentRows));
}
