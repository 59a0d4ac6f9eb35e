/**
 * Cheap structural guards that run before JSON.parse and zod see a frame: the frame is
 * untrusted, so size and nesting are bounded first, and nothing we log repeats it whole.
 */
import { Buffer } from 'node:buffer';

/** The link caps payloads at 64 KiB too; the decoder does not rely on it. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** `info.fields` (the CRM form) is the one big string a valid frame carries. */
export const MAX_FIELDS_BYTES = 32 * 1024;
/** The deepest valid frame is 4 levels ({info:{fields:{k:[...]}}} with fields as an object). */
export const MAX_DEPTH = 8;
/** How much of an offending value a reject detail may quote. */
export const SAMPLE_CHARS = 200;

/** UTF-8 byte length, without encoding when the UTF-16 length already decides (1 unit <= 3 bytes). */
export function utf8BytesOver(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return Buffer.byteLength(text, 'utf8') > limit;
}

export type TextResult = { ok: true; text: string } | { ok: false; reason: 'not_text' | 'too_large'; detail: string };

/** ws hands us a Buffer, an ArrayBuffer or fragments (Buffer[]) depending on `binaryType`. */
export function frameText(data: string | Buffer | ArrayBuffer | Buffer[], isBinary: boolean): TextResult {
  if (isBinary) return { ok: false, reason: 'not_text', detail: 'binary frame' };
  if (typeof data === 'string') {
    if (utf8BytesOver(data, MAX_FRAME_BYTES)) return tooLarge(data.length);
    return { ok: true, text: data };
  }
  let bytes: Buffer;
  if (Array.isArray(data)) {
    let total = 0;
    for (const part of data) total += part.byteLength;
    if (total > MAX_FRAME_BYTES) return tooLarge(total);
    bytes = Buffer.concat(data, total);
  } else if (data instanceof ArrayBuffer) {
    if (data.byteLength > MAX_FRAME_BYTES) return tooLarge(data.byteLength);
    bytes = Buffer.from(data);
  } else if (Buffer.isBuffer(data)) {
    if (data.byteLength > MAX_FRAME_BYTES) return tooLarge(data.byteLength);
    bytes = data;
  } else {
    return { ok: false, reason: 'not_text', detail: `unsupported payload type ${typeof data}` };
  }
  // ws has already checked UTF-8 on text frames; stray bytes would decode to U+FFFD here.
  return { ok: true, text: bytes.toString('utf8') };
}

function tooLarge(size: number): TextResult {
  return { ok: false, reason: 'too_large', detail: `frame of ${size} bytes/chars exceeds ${MAX_FRAME_BYTES} bytes` };
}

/**
 * Whether JSON text nests objects/arrays deeper than `max`, scanning the text (strings
 * skipped) so a hostile `[[[[...` is refused before any structure is built for it.
 * Malformed text is not judged here: JSON.parse reports it.
 */
export function jsonTooDeep(text: string, max: number = MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

/**
 * A short, log-safe quote of untrusted text: at most SAMPLE_CHARS, control characters escaped
 * (no forged log lines), and runs of 7+ digits masked since a broken screen pop carries a
 * customer's phone number.
 */
export function sample(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  // Mask before cutting so a number straddling the cut is still masked.
  const head = text.slice(0, SAMPLE_CHARS + 16).replace(/\d{7,}/g, (d) => `${d.slice(0, 3)}****${d.slice(-4)}`);
  const cut = text.length > SAMPLE_CHARS ? `${head.slice(0, SAMPLE_CHARS)}…(${text.length} chars)` : head;
  return JSON.stringify(cut);
}
