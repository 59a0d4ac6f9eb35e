/**
 * The floor under the board's figures: what this Chromium, with the same flags (software raster
 * and compositing, `--disable-gpu`), costs per frame at a screen size before any Floorboard code
 * runs. Two trivial pages, measured in the same run as the board so the rows can be compared:
 *
 * - `frame`: one small text node changes on every animation frame (the least a page can damage
 *   per frame: a few hundred pixels);
 * - `tick`: 100 small text nodes spread over the screen change once a second, all in one task
 *   (a timer tick on a sparse wall: 100 damaged rectangles a second).
 *
 * Both use the board's dark background, so the compositor draws the same kind of frame.
 */
import type { Browser } from '@playwright/test';

export type BaselineKind = 'frame' | 'tick';

export interface BaselineMeasure {
  intervals: number[];
  loafCount: number;
  loafMax: number;
}

/** The page: a dark full-screen body with 100 absolutely placed spans on a 10x10 grid. */
function baselineHtml(kind: BaselineKind): string {
  const cells = Array.from({ length: 100 }, (_, i) => {
    const x = (i % 10) * 10 + 2;
    const y = Math.floor(i / 10) * 10 + 2;
    return `<span style="position:absolute;left:${x}vw;top:${y}vh">00:00</span>`;
  }).join('');
  return `<!doctype html><html><head><style>
    html, body { margin: 0; height: 100%; background: #0b1220; color: #e5e7eb; font: 24px monospace; overflow: hidden; }
  </style></head><body>${cells}<script>
    const spans = [...document.querySelectorAll('span')];
    const texts = spans.map((s) => s.firstChild);
    let n = 0;
    ${
      kind === 'frame'
        ? `const step = () => { n++; texts[0].data = String(n % 100000); requestAnimationFrame(step); }; requestAnimationFrame(step);`
        : `setInterval(() => { n++; const s = String(n % 100000); for (const t of texts) t.data = s; }, 1000);`
    }
  </script></body></html>`;
}

/**
 * In-page source shared with the board's measurement (board-frames.ts): starts recording
 * requestAnimationFrame intervals and long animation frames; `stopFrames()` ends it.
 */
export const RECORD_FRAMES = `
  const loaf = [];
  // Only frames that start after the recording does: the frame of the task that set the
  // measurement up (page.evaluate, the first timer sample) is the harness's, not the page's.
  const t0 = performance.now();
  const po = new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.startTime >= t0) loaf.push(e); });
  po.observe({ type: 'long-animation-frame', buffered: false });
  const intervals = [];
  let running = true;
  let last = 0;
  // Dropped frames (over 1.5 x 16.7 ms): where in the second they fell and what the frame before
  // them did (\`frameTag\`, defined by the caller), for profiling; printed on stderr only.
  const slow = [];
  let lastTag = '';
  const frame = (t) => {
    const tag = frameTag();
    if (last) {
      intervals.push(t - last);
      if (t - last > 25) slow.push({ ms: Math.round(t - last), at: Math.round((performance.timeOrigin + last) % 1000), tag: lastTag });
    }
    last = t;
    lastTag = tag;
    if (running) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const stopFrames = () => { running = false; po.disconnect(); };
`;

/** Frame intervals and long animation frames over `ms`, measured like the board's. */
const MEASURE = `async (ms) => {
  const frameTag = () => '';
  ${RECORD_FRAMES}
  await new Promise((r) => setTimeout(r, ms));
  stopFrames();
  return { intervals, loafCount: loaf.length, loafMax: loaf.reduce((m, e) => Math.max(m, e.duration), 0) };
}`;

export async function measureBaseline(
  browser: Browser,
  size: { width: number; height: number },
  kind: BaselineKind,
  seconds: number,
): Promise<BaselineMeasure> {
  const context = await browser.newContext({ viewport: size });
  try {
    const page = await context.newPage();
    await page.setContent(baselineHtml(kind));
    // The same warm-up as a board view would be wasteful here; two seconds settle the raster.
    await page.waitForTimeout(2000);
    return (await page.evaluate(`(${MEASURE})(${seconds * 1000})`)) as BaselineMeasure;
  } finally {
    await context.close();
  }
}
