/**
 * The fast path of the decoder (rule D10): the 1 Hz tick notice, written as the call system
 * writes it, recognised by scanning its bytes, with no JSON.parse, no zod, no regular
 * expression and no string built. At ~10,000 notices a second this is the busiest code of the
 * ingest path, and garbage per frame is what the process pays for in collections.
 *
 * Accepted form (JSON whitespace `[ \t\n\r]` allowed around every token, nothing else):
 *   {"method":"notice","status":S,"time":"H:MM:SS"}
 * S one digit 0-3; H 1 to 5 digits; MM and SS 00-59 (lib/domain/time.ts, parseHms). The scanner
 * only ever accepts: anything else, valid or not (other key order, `1e0`, escapes, extra keys),
 * returns null and takes the full path, so decodeFrame's verdict is always the zod path's
 * (property test: test/upstream/decode-fast-path.test.ts).
 */
import type { StatusCode } from '@/lib/domain/status';
import type { DecodeResult } from './frames';

/** A notice is ~50 bytes; anything longer is not worth scanning. */
const MAX_FAST_BYTES = 200;

const enc = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const METHOD_KEY = enc('"method"');
const NOTICE_VALUE = enc('"notice"');
const STATUS_KEY = enc('"status"');
const TIME_KEY = enc('"time"');

/** Strings are copied here (ASCII only) so one byte scanner serves strings and Buffers. */
const scratch = new Uint8Array(MAX_FAST_BYTES);

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/*
 * The cursor is module state, not an object: the scanner runs to completion synchronously (it
 * never re-enters), and a cursor object per frame would be garbage on the busiest path.
 */
let buf: Uint8Array = scratch;
let len = 0;
let pos = 0;

function skipWs(): void {
  while (pos < len && isWs(buf[pos]!)) pos++;
}

/** One byte (or -1 past the end). */
function next(): number {
  return pos < len ? buf[pos++]! : -1;
}

/** `ws literal ws`, or false. */
function token(lit: Uint8Array | number): boolean {
  skipWs();
  if (typeof lit === 'number') {
    if (next() !== lit) return false;
  } else {
    if (pos + lit.length > len) return false;
    for (let k = 0; k < lit.length; k++) if (buf[pos + k] !== lit[k]) return false;
    pos += lit.length;
  }
  skipWs();
  return true;
}

/** Two digits 00-59 as a number, or -1. */
function sixty(): number {
  const hi = next();
  const lo = next();
  if (hi < 0x30 || hi > 0x35 || !isDigit(lo)) return -1;
  return (hi - 0x30) * 10 + (lo - 0x30);
}

function scan(b: Uint8Array, n: number): DecodeResult | null {
  buf = b;
  len = n;
  pos = 0;
  if (!token(0x7b) || !token(METHOD_KEY) || !token(0x3a) || !token(NOTICE_VALUE) || !token(0x2c)) return null;
  if (!token(STATUS_KEY) || !token(0x3a)) return null;
  const st = next();
  if (st < 0x30 || st > 0x33) return null;
  if (!token(0x2c) || !token(TIME_KEY) || !token(0x3a) || next() !== 0x22) return null;
  let hours = 0;
  let digits = 0;
  while (pos < len && isDigit(buf[pos]!)) {
    if (++digits > 5) return null;
    hours = hours * 10 + (buf[pos]! - 0x30);
    pos++;
  }
  if (digits === 0 || next() !== 0x3a) return null;
  const minutes = sixty();
  if (minutes < 0 || next() !== 0x3a) return null;
  const seconds = sixty();
  if (seconds < 0 || next() !== 0x22) return null;
  if (!token(0x7d) || pos !== len) return null;
  return { ok: true, frame: { method: 'notice', status: (st - 0x30) as StatusCode, timeSeconds: hours * 3600 + minutes * 60 + seconds } };
}

/** The tick notice from a text frame's bytes (a Buffer, as ws delivers it) or text; null: not this form. */
export function fastNotice(data: Uint8Array | string): DecodeResult | null {
  const n = data.length;
  if (n > MAX_FAST_BYTES) return null;
  if (typeof data !== 'string') return scan(data, n);
  for (let k = 0; k < n; k++) {
    const c = data.charCodeAt(k);
    // Not ASCII: not the tick form (and a byte copy would not be the text).
    if (c > 0x7f) return null;
    scratch[k] = c;
  }
  return scan(scratch, n);
}
