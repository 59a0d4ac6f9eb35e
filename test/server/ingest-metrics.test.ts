/**
 * Accepted-frame counting (rule D11): counted as plain numbers on the per-frame path, added to
 * floorboard_upstream_frames_total whenever the registry is read.
 */
import { describe, expect, it } from 'vitest';
import { createMetrics } from '@/server/metrics';

function framesTotal(text: string, method: string): number | undefined {
  const m = new RegExp(`^floorboard_upstream_frames_total\\{method="${method}"\\} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

describe('ingest metrics', () => {
  it('D11: every accepted frame counted before a scrape shows in it, by method, and scrapes add up', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    for (let i = 0; i < 5_000; i++) metrics.countFrameIn('notice');
    metrics.countFrameIn('info');
    metrics.countFrameIn('info');
    let text = await metrics.registry.metrics();
    expect(framesTotal(text, 'notice')).toBe(5_000);
    expect(framesTotal(text, 'info')).toBe(2);
    expect(framesTotal(text, 'message')).toBeUndefined();

    // A second scrape with nothing new repeats the totals; new frames add to them.
    expect(framesTotal(await metrics.registry.metrics(), 'notice')).toBe(5_000);
    metrics.countFrameIn('notice');
    metrics.countFrameIn('message');
    text = await metrics.registry.metrics();
    expect(framesTotal(text, 'notice')).toBe(5_001);
    expect(framesTotal(text, 'message')).toBe(1);
  });
});
