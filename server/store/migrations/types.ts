/** A schema change: plain SQL, applied once, inside a transaction, in version order. */
export interface Migration {
  /** 1, 2, 3 ... without gaps; the file is named NNN-name.ts after it. */
  version: number;
  name: string;
  sql: string;
}
