/**
 * Rule D10, as a property: for generated notice-like frames, valid and invalid, decodeFrame (fast
 * path first) gives exactly the verdict of decodeText (JSON.parse + zod, the reference), from a
 * string and from the bytes ws hands over. The generator stays close to the tick form (a
 * mutation or two away), where a hand-written scanner could be wrong.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeFrame, decodeText } from '@/server/upstream/decode';
import { Rng } from '@/server/simulator/prng';
import { fastNotice } from '@/server/upstream/decode-fast-notice';

const CASES = 30_000;

function generator(rand: () => number) {
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const often = (p: number) => rand() < p;
  // JSON whitespace mostly, sometimes characters JSON does not allow as whitespace.
  const ws = () => (often(0.85) ? '' : often(0.9) ? pick([' ', '  ', '\t', '\n', '\r\n', ' \t ']) : pick(['\f', '\v', '\u00a0', '\u2028']));
  const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join('');
  const two = (max: number) => String(int(max)).padStart(2, '0');
  const hms = () =>
    often(0.8)
      ? `${digits(1 + int(5))}:${two(60)}:${two(60)}`
      : pick([
          () => `${digits(6)}:00:00`,
          () => `:00:00`,
          () => `1:60:00`,
          () => `1:00:60`,
          () => `1:0:00`,
          () => `1:00:5`,
          () => `1:00:00:00`,
          () => `00-04-17`,
          () => ` 00:04:17`,
          () => `00:04:17 `,
          () => `٠٠:٠٤:١٧`,
          () => `\\u0030:00:01`,
          () => `0:00:0\\u0031`,
          () => ``,
          () => `99999:59:59`,
        ])();
  const status = () =>
    often(0.8)
      ? String(int(4))
      : pick(['4', '-1', '9', '"2"', '2.0', '1e0', '01', '1.5', 'true', 'null', '[1]', '0x1', '-0', '3 ', ' 3']);
  const time = () => (often(0.9) ? `"${hms()}"` : pick(['257', 'null', '"257"', '["00:00:01"]', "'00:00:01'", '"00:00:01']));
  const key = (name: string) =>
    often(0.95) ? `"${name}"` : pick([`"${name.toUpperCase()}"`, `"${name} "`, `"\\u00${name.charCodeAt(0).toString(16)}${name.slice(1)}"`, name, `'${name}'`]);
  const method = () => (often(0.92) ? '"notice"' : pick(['"Notice"', '"notice "', '"info"', '"message"', '"n\\u006ftice"', 'notice', '1']));

  return (): string => {
    const members = [
      `${key('method')}${ws()}:${ws()}${method()}`,
      `${key('status')}${ws()}:${ws()}${status()}`,
      `${key('time')}${ws()}:${ws()}${time()}`,
    ];
    if (often(0.08)) members.push(`"extra"${ws()}:${ws()}${pick(['1', '"x"', 'null', '{}'])}`);
    if (often(0.05)) members.push(members[int(members.length)]!); // a duplicate key
    if (often(0.08)) members.splice(int(members.length), 1); // a missing key
    if (often(0.1)) members.reverse();
    let text = `${ws()}{${ws()}${members.join(`${ws()},${ws()}`)}${ws()}}${ws()}`;
    if (often(0.05)) text = text.replace(',', often(0.5) ? ',,' : ';');
    if (often(0.04)) text = text.slice(0, int(text.length));
    if (often(0.04)) text += pick(['}', ',', 'x', '\u0000', '{}']);
    if (often(0.02)) text = pick(['[', '"', '']) + text;
    return text;
  };
}

describe('decode fast path', () => {
  it(`D10: ${CASES} generated notice-like frames get the zod path's verdict, from text and from bytes`, () => {
    const random = new Rng(0xd10);
    const next = generator(() => random.next());
    const differ: string[] = [];
    const tally = { fast: 0, fullOnlyOk: 0, rejected: 0 };
    for (let i = 0; i < CASES; i++) {
      const text = next();
      const reference = decodeText(text);
      const viaText = decodeFrame(text, false);
      const viaBytes = decodeFrame(Buffer.from(text, 'utf8'), false);
      if (JSON.stringify(viaText) !== JSON.stringify(reference) || JSON.stringify(viaBytes) !== JSON.stringify(reference)) {
        differ.push(`${JSON.stringify(text)}: zod ${JSON.stringify(reference)} / fast ${JSON.stringify(viaText)}`);
      }
      if (fastNotice(text) !== null) tally.fast++;
      else if (reference.ok) tally.fullOnlyOk++;
      else tally.rejected++;
    }
    expect(differ.slice(0, 5)).toEqual([]);
    // The generator must exercise all three outcomes, or the property proves little.
    expect(tally.fast).toBeGreaterThan(CASES * 0.15);
    expect(tally.fullOnlyOk).toBeGreaterThan(CASES * 0.01);
    expect(tally.rejected).toBeGreaterThan(CASES * 0.2);
  });

  it('D10: the fast path never accepts what zod refuses, on hand-picked near misses', () => {
    for (const text of [
      '{"method":"notice","status":4,"time":"00:00:01"}',
      '{"method":"notice","status":1,"time":"123456:00:00"}',
      '{"method":"notice","status":1,"time":"1:60:00"}',
      '{"method":"notice","status":1,"time":"00:00:01"}x',
      '{"method":"notice","status":1,"time":"00:00:01"',
      '\f{"method":"notice","status":1,"time":"00:00:01"}',
      '{"method":"notice","status":1,"time":"00:00:01"}\u00a0',
    ]) {
      expect(fastNotice(text), text).toBeNull();
      expect(fastNotice(Buffer.from(text)), text).toBeNull();
      expect(decodeFrame(text, false)).toEqual(decodeText(text));
    }
  });
});
