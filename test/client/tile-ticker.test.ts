import { describe, expect, it } from 'vitest';
import { tileLabel, writeTile, type TileNodes } from '@/components/board/tile-ticker';
import { createTranslator } from '@/lib/i18n/dictionaries';
import { T0, agent } from './fixtures';

/** Just enough of an element for the ticker (no DOM in these tests). */
function fakeEl() {
  const attrs = new Map<string, string>();
  return {
    textContent: '' as string | null,
    dataset: {} as Record<string, string>,
    getAttribute: (k: string) => attrs.get(k) ?? null,
    setAttribute: (k: string, v: string) => void attrs.set(k, v),
  };
}

function nodes() {
  return { root: fakeEl(), timer: fakeEl(), noData: fakeEl() };
}

const t = createTranslator('en');

describe('tile ticker (what the shared clock writes each second)', () => {
  it('edits the timer\'s text node in place rather than replacing it (no layout object rebuilt)', () => {
    const n = nodes();
    const text = { nodeType: 3, data: '00:01' };
    const timer = Object.assign(n.timer, { firstChild: text, lastChild: text, textContent: '00:01' });
    const a = agent('1001', { status: 'on_call', stateSince: T0 });
    writeTile(n as unknown as TileNodes, a, T0 + 75_000, t, tileLabel(a, t));
    expect(timer.firstChild).toBe(text);
    expect(text.data).toBe('01:15');
    // textContent was never assigned: it would have replaced the node.
    expect(timer.textContent).toBe('00:01');
  });

  it('writes time in state as MM:SS and the colour tier', () => {
    const n = nodes();
    const a = agent('1001', { status: 'on_call', stateSince: T0 });
    writeTile(n as unknown as TileNodes, a, T0 + 75_000, t, tileLabel(a, t));
    expect(n.timer.textContent).toBe('01:15');
    expect(n.root.dataset.tier).toBe('2');
    expect(n.root.dataset.attn).toBeUndefined();
  });

  it('flags attention and names the reason in the accessible label', () => {
    const n = nodes();
    const a = agent('1001', { name: 'Li Na', status: 'wrap_up', stateSince: T0 });
    writeTile(n as unknown as TileNodes, a, T0 + 200_000, t, tileLabel(a, t));
    expect(n.root.dataset.attn).toBe('wrap_overrun');
    expect(n.root.getAttribute('aria-label')).toBe('Li Na 1001, Wrap-up, A, Wrap-up overrun');
  });

  it('a lost feed shows how long there has been no data, never the stale timer', () => {
    const n = nodes();
    const a = agent('1001', { status: 'on_call', stateSince: T0 - 600_000, link: 'backoff', linkSince: T0, lastFrameAt: T0 });
    writeTile(n as unknown as TileNodes, a, T0 + 35_000, t, tileLabel(a, t));
    expect(n.timer.textContent).toBe('00:35');
    expect(n.noData.textContent).toBe('no data 35s');
    expect(tileLabel(a, t)).toContain('On call (feed lost)');
  });
});
