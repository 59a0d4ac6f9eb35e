/**
 * What the shared clock writes into a tile each second, without React (see
 * lib/client/floor-clock.ts for why): the timer text, the colour tier, the attention flag and,
 * for a lost feed, "no data for N s". Each write is skipped when the value did not change.
 */
import { attentionOf } from '@/lib/client/attention';
import { tierFor } from '@/lib/client/tier-config';
import { elapsedSeconds, formatDuration, formatShortDuration } from '@/lib/format/duration';
import type { Translate } from '@/lib/i18n/dictionaries';
import type { AgentView } from '@/lib/protocol';

export interface TileNodes {
  root: HTMLElement;
  timer: HTMLElement | null;
  noData: HTMLElement | null;
}

/**
 * Changes the node's one text node in place: replacing it (what `textContent =` does) makes the
 * browser drop and rebuild the text's layout object and recalculate its style, for 2,000 timers
 * a second; editing `data` only re-lays out the text.
 */
function setText(el: HTMLElement | null, text: string): void {
  if (!el) return;
  const node = el.firstChild;
  if (node && node === el.lastChild && node.nodeType === 3) {
    const t = node as Text;
    if (t.data !== text) t.data = text;
  } else if (el.textContent !== text) {
    el.textContent = text;
  }
}

function setData(el: HTMLElement, key: 'tier' | 'attn', value: string | null): void {
  if (value === null) {
    if (key in el.dataset) delete el.dataset[key];
  } else if (el.dataset[key] !== value) {
    el.dataset[key] = value;
  }
}

/** Name, extension, status (with the feed's state when it is not live), team, call location. */
export function tileLabel(a: AgentView, t: Translate): string {
  const link = a.link;
  const parts = [`${a.name} ${a.extno}`, t(`status.${a.status}`) + (link === 'live' ? '' : ` (${t(`tile.link.${link}`)})`), a.team];
  if (a.call?.city) parts.push(a.call.city);
  if (a.call?.held) parts.push(t('tile.held'));
  if (a.pendingSignOut) parts.push(t('tile.pendingSignOut'));
  return parts.join(', ');
}

/**
 * With a live feed the timer is the time in state. With a lost feed the time in the last known
 * state is not trustworthy, so the timer shows how long we have had no data instead (the tile
 * also carries the crossed-out icon, stripes and, where there is room, "no data 1m 05s").
 */
export function writeTile(nodes: TileNodes, a: AgentView, now: number, t: Translate, baseLabel: string): void {
  const seconds = elapsedSeconds(a.stateSince, now);
  const live = a.link === 'live';
  const silentFor = elapsedSeconds(a.lastFrameAt ?? a.linkSince, now);
  setText(nodes.timer, formatDuration(live ? seconds : silentFor));
  setData(nodes.root, 'tier', String(tierFor(a.status, seconds, a.team)));
  const attention = attentionOf(a, now);
  setData(nodes.root, 'attn', attention ? attention.reason : null);
  // The accessible name: stable facts plus the attention reason (never the ticking timer).
  const label = attention ? `${baseLabel}, ${t(`attention.${attention.reason}`)}` : baseLabel;
  if (nodes.root.getAttribute('aria-label') !== label) nodes.root.setAttribute('aria-label', label);
  if (!live) {
    const units = { h: t('units.h'), m: t('units.m'), s: t('units.s') };
    setText(
      nodes.noData,
      a.lastFrameAt === null ? t('tile.noDataNever') : t('tile.noData', { age: formatShortDuration(silentFor, units) }),
    );
  }
}
