/**
 * The alert beep, generated in code: a short 16-bit mono PCM WAV as a data: URI (no file to
 * ship or cache). Two tones, with a few milliseconds of fade at each edge so it does not click.
 */

export interface BeepOptions {
  /** Hz of each tone, played one after the other. */
  tones?: readonly number[];
  /** Length of each tone, ms. */
  toneMs?: number;
  sampleRate?: number;
  /** 0..1 */
  volume?: number;
}

/** The WAV bytes. */
export function beepWav({ tones = [880, 660], toneMs = 180, sampleRate = 16_000, volume = 0.6 }: BeepOptions = {}): Uint8Array {
  const perTone = Math.round((sampleRate * toneMs) / 1000);
  const samples = perTone * tones.length;
  const dataBytes = samples * 2;
  const buf = new ArrayBuffer(44 + dataBytes);
  const v = new DataView(buf);
  const ascii = (off: number, s: string) => {
    for (let i = 0; i < s.length; i++) v.setUint8(off + i, s.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true); // PCM chunk size
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true); // byte rate
  v.setUint16(32, 2, true); // block align
  v.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  const fade = Math.max(1, Math.round(sampleRate * 0.008));
  let off = 44;
  for (const hz of tones) {
    for (let i = 0; i < perTone; i++) {
      const edge = Math.min(1, i / fade, (perTone - 1 - i) / fade);
      const x = Math.sin((2 * Math.PI * hz * i) / sampleRate) * volume * Math.max(0, edge);
      v.setInt16(off, Math.round(x * 32767), true);
      off += 2;
    }
  }
  return new Uint8Array(buf);
}

function base64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  if (typeof btoa === 'function') return btoa(bin);
  return Buffer.from(bytes).toString('base64');
}

let cached: string | null = null;

/** `data:audio/wav;base64,...` of the default beep (built once). */
export function beepDataUri(): string {
  cached ??= `data:audio/wav;base64,${base64(beepWav())}`;
  return cached;
}

/** Speech language for `speechSynthesis`: `zh-CN` or `en-US`. */
export function speechLang(lang: 'zh-CN' | 'en'): string {
  return lang === 'zh-CN' ? 'zh-CN' : 'en-US';
}
