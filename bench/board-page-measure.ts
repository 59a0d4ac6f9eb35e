/**
 * What the board frames benchmark (board-frames.ts) measures inside the page: frame intervals,
 * long animation frames, the store's counters, status changes that reached tiles and timers that
 * moved. Kept apart from the runner, which starts the server and browser and writes the report.
 */
import { RECORD_FRAMES } from './board-baseline';

export interface PageMeasure {
  intervals: number[];
  /** Dropped frames: length, phase in the second of the frame before, what that frame did. */
  slow?: { ms: number; at: number; tag: string }[];
  loafCount: number;
  loafMax: number;
  /** The longest few LoAFs, broken down (where the time went). */
  loafTop: { ms: number; renderMs: number; styleLayoutMs: number; scriptMs: number; script: string; atMsInSecond: number; at: number; during: string; blockingMs: number; scripts: unknown[] }[];
  tiles: number;
  mounted: number;
  deltas: number;
  changedAgents: number;
  flushes: number;
  statusChanges: number;
  timersSeen: number;
  timersMoved: number;
}

/**
 * Runs in the page (a string, so the bundler's helpers never leak into it). Frame intervals from
 * requestAnimationFrame; LoAF entries; the store's counters before and after (perf-probe.ts);
 * status changes that reached tiles (a MutationObserver on data-status only, cheap); and which
 * mounted timers show a different text at the end than at the start.
 */
export const MEASURE_IN_PAGE = `async (ms) => {
  const probe = () => {
    const s = window.__floorboard ? window.__floorboard.stores() : [];
    return s.reduce((a, e) => ({ deltas: a.deltas + e.deltas, changedAgents: a.changedAgents + e.changedAgents, flushes: a.flushes + e.flushes }),
      { deltas: 0, changedAgents: 0, flushes: 0 });
  };
  // Tiles on screen: a kiosk keeps the pages it is not showing mounted but hidden. (No
  // checkVisibility(): it would force a style update in the middle of the measurement.) Asked
  // by selector, not by walking all 2,000 tiles with closest(): the sampler runs in the page's
  // main thread and must not make long frames of its own.
  const paging = () => !!document.querySelector('#agents .fb-page');
  const shown = () => [...document.querySelectorAll(paging() ? '#agents .fb-page[data-current] a.tile' : '#agents a.tile')];
  const timers = () => {
    const m = new Map();
    for (const t of document.querySelectorAll(paging() ? '#agents .fb-page[data-current] a.tile .tile-timer' : '#agents a.tile .tile-timer')) {
      m.set(t.parentElement.dataset.extno, t.textContent);
    }
    return m;
  };
  // Timers compared every 2 s (a page turn or a re-order changes which tiles are on screen).
  let seen = 0, moved = 0;
  let prev = timers();
  const sampler = setInterval(() => {
    const next = timers();
    for (const [id, text] of next) {
      if (!prev.has(id)) continue;
      seen++;
      if (prev.get(id) !== text) moved++;
    }
    prev = next;
  }, 2000);
  const before = probe();
  let statusChanges = 0;
  const mo = new MutationObserver((recs) => { statusChanges += recs.length; });
  mo.observe(document.querySelector('#agents'), { subtree: true, attributes: true, attributeFilter: ['data-status'] });
  // Page turns and stagings (kiosk), to tell which long frames they caused.
  const turns = [];
  // A user-timing mark per turn, so a trace (--trace, category blink.user_timing) shows where turns fall.
  const pages = new MutationObserver((recs) => {
    for (const r of recs) {
      turns.push({ at: performance.now(), what: r.attributeName });
      if (r.attributeName === 'data-current' && r.target.hasAttribute('data-current')) performance.mark('fb-turn');
    }
  });
  pages.observe(document.querySelector('#agents'), { subtree: true, attributes: true, attributeFilter: ['data-current', 'data-stage'] });
  // And one per staged section (rule V8), for traces only.
  const stagings = new MutationObserver((recs) => {
    for (const r of recs) if (r.target.hasAttribute('data-ready')) performance.mark('fb-stage');
  });
  stagings.observe(document.querySelector('#agents'), { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
  // What ran since the previous frame: a flush of deltas (f), a page turn or staging (p).
  let seenFlushes = probe().flushes, seenTurns = 0;
  const frameTag = () => {
    const f = probe().flushes;
    const tag = (f !== seenFlushes ? 'f' : '') + (turns.length !== seenTurns ? 'p' : '');
    seenFlushes = f;
    seenTurns = turns.length;
    return tag;
  };
  ${RECORD_FRAMES}
  await new Promise((r) => setTimeout(r, ms));
  stopFrames();
  mo.disconnect();
  pages.disconnect();
  stagings.disconnect();
  clearInterval(sampler);
  const after = probe();
  const top = [...loaf].sort((a, b) => b.duration - a.duration).slice(0, 12).map((e) => ({
    ms: Math.round(e.duration),
    renderMs: e.renderStart ? Math.round(e.startTime + e.duration - e.renderStart) : 0,
    styleLayoutMs: e.styleAndLayoutStart ? Math.round(e.startTime + e.duration - e.styleAndLayoutStart) : 0,
    scriptMs: Math.round((e.scripts || []).reduce((s, x) => s + x.duration, 0)),
    script: ((e.scripts || [])[0] || {}).invoker || '',
    // Where the time went, for profiling (printed on stderr, not in the report table).
    atMsInSecond: Math.round((performance.timeOrigin + e.startTime) % 1000),
    at: Math.round(performance.timeOrigin + e.startTime),
    during: [...new Set(turns.filter((x) => x.at >= e.startTime && x.at <= e.startTime + e.duration).map((x) => x.what))].join(','),
    blockingMs: Math.round(e.blockingDuration || 0),
    scripts: (e.scripts || []).filter((x) => x.duration >= 5).map((x) => ({
      ms: Math.round(x.duration), invoker: x.invoker, fn: x.sourceFunctionName, src: (x.sourceURL || '').split('/').pop() + ':' + x.sourceCharPosition,
      forcedLayoutMs: Math.round(x.forcedStyleAndLayoutDuration || 0),
    })),
  }));
  return {
    slow, intervals, loafCount: loaf.length, loafMax: loaf.reduce((m, e) => Math.max(m, e.duration), 0), loafTop: top,
    tiles: shown().length, mounted: document.querySelectorAll('#agents a.tile').length,
    deltas: after.deltas - before.deltas, changedAgents: after.changedAgents - before.changedAgents,
    flushes: after.flushes - before.flushes, statusChanges, timersSeen: seen, timersMoved: moved,
  };
}`;
