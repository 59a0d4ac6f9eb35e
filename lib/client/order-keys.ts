/**
 * CSS `order` values for a grid's tiles in the view's order, changing as few tiles as possible.
 *
 * The grid keeps its tiles in roster order in the DOM and shows the view's order with CSS
 * `order` (components/board/GridSlice.tsx). Numbering the view 0..n-1 would, each time one
 * agent rises to the top, give every tile before its old place a new number: a thousand style
 * writes and restyles a second on a 2,000-agent wall sorted by attention. Here the tiles
 * forming the longest run that is already in order keep their values and only the others get
 * new ones, chosen in the gaps between their kept neighbours (values are spaced ORDER_STEP apart
 * so gaps exist); all are renumbered only when a gap is too small.
 */

/** Spacing of fresh values: room for this many moves into one gap before a renumbering. */
export const ORDER_STEP = 1024;
/** Blink keeps `order` in an int; stay well inside it. */
const ORDER_LIMIT = 1_000_000_000;

/** Positions (in `values`) of a longest strictly increasing subsequence, skipping undefined. */
function longestIncreasing(values: readonly (number | undefined)[]): number[] {
  const tailIdx: number[] = [];
  const prevIdx = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined) continue;
    let lo = 0;
    let hi = tailIdx.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tailIdx[mid]!] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prevIdx[i] = tailIdx[lo - 1]!;
    tailIdx[lo] = i;
  }
  const out: number[] = [];
  for (let i = tailIdx.length ? tailIdx[tailIdx.length - 1]! : -1; i >= 0; i = prevIdx[i]!) out.push(i);
  return out.reverse();
}

function renumber(ids: readonly string[]): Map<string, number> {
  return new Map(ids.map((id, i) => [id, (i + 1) * ORDER_STEP]));
}

/**
 * Order values for `ids` (in view order) given the values they had (`prev`; new ids have none).
 * The result is strictly increasing along `ids`; ids not in `ids` are left out.
 */
export function assignOrderKeys(ids: readonly string[], prev: ReadonlyMap<string, number>): Map<string, number> {
  const values = ids.map((id) => prev.get(id));
  const keep = longestIncreasing(values);
  const out = new Map<string, number>();
  // Fill each run of moved tiles between two kept ones (or an end of the list).
  let from = 0;
  for (let k = 0; k <= keep.length; k++) {
    const to = k < keep.length ? keep[k]! : ids.length;
    const lo = from > 0 ? (values[from - 1] as number) : undefined;
    const hi = to < ids.length ? (values[to] as number) : undefined;
    const count = to - from;
    if (count > 0) {
      if (lo !== undefined && hi !== undefined && hi - lo - 1 < count) return renumber(ids);
      for (let j = 0; j < count; j++) {
        const v =
          lo === undefined && hi === undefined
            ? (j + 1) * ORDER_STEP
            : lo === undefined
              ? hi! - (count - j) * ORDER_STEP
              : hi === undefined
                ? lo + (j + 1) * ORDER_STEP
                : lo + Math.floor(((hi - lo) * (j + 1)) / (count + 1));
        if (Math.abs(v) > ORDER_LIMIT) return renumber(ids);
        out.set(ids[from + j]!, v);
      }
    }
    if (to < ids.length) out.set(ids[to]!, values[to] as number);
    from = to + 1;
  }
  return out;
}
