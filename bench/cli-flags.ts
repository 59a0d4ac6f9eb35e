/**
 * What every bench suite's flag parser shares: a bad flag ends the run with status 2 and a
 * message naming it (the bench is a command-line tool), numbers are checked against a floor,
 * and a comma-separated choice list accepts only the names it knows.
 */

export function failFlag(message: string): never {
  console.error(message);
  process.exit(2);
}

/** `--name` as a number of at least `min`, or exit. */
export function numberFlag(name: string, raw: unknown, min = 0): number {
  const v = Number(raw);
  return Number.isFinite(v) && v >= min ? v : failFlag(`--${name}: a number >= ${min}: ${String(raw)}`);
}

/** `--name a,b` as a set of `allowed` names (matched after `normalize`), or exit. */
export function choiceList<T extends string>(name: string, raw: string, allowed: readonly T[], normalize: (s: string) => string = (s) => s): Set<T> {
  const out = new Set<T>();
  for (const item of raw.split(',').map((x) => normalize(x.trim())).filter(Boolean)) {
    if (!(allowed as readonly string[]).includes(item)) failFlag(`--${name}: unknown ${item} (${allowed.join(', ')})`);
    out.add(item as T);
  }
  return out;
}
