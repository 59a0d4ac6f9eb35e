/**
 * One piece of board work per animation frame (rule V10).
 *
 * The store's flush renders the changes that arrived since the last frame on the tiles on screen:
 * it cannot wait. The rest can wait a frame or two without anyone seeing it: the shared clock's
 * slices of timer writes (lib/client/floor-clock.ts), the next kiosk page's lagged renders
 * (rule V7, components/board/page-gate.ts) and its staging (rule V8,
 * components/board/stage-sections.ts). Each alone fits a frame; two of them in the same frame
 * (a timer slice on top of a flush, say) did not, and made most of the dropped frames of a
 * 1080p kiosk. So a frame with a flush due runs the flush only, and any other frame runs at most
 * one deferrable job, first come first served; the others ask again on the next frame. Visible
 * work spread over a few frames (a page turn's reveal, rule V13) comes after the flush and before
 * any deferrable job: while it runs, deferrable work waits.
 *
 * Frames are told apart by the timestamp every requestAnimationFrame callback of one frame gets.
 * A caller without one (tests' hand-run frames, a timer fallback) is never held back.
 */
export class FrameLane {
  /** The frame (rAF timestamp) some work has already used. */
  private usedFrame: number | null = null;
  private flushDue = false;
  /** Visible work under way over several frames (rule V13). */
  private liveJobs = 0;

  /** The store scheduled a flush: it takes the next frame. */
  flushScheduled(): void {
    this.flushDue = true;
  }

  /** The store's flush ran (in the frame at `frameTime`, when it ran in one) or was cancelled. */
  flushDone(frameTime?: number): void {
    this.flushDue = false;
    if (frameTime !== undefined) this.usedFrame = frameTime;
  }

  /** Visible work spread over frames started: deferrable work waits until it is done. */
  liveStarted(): void {
    this.liveJobs += 1;
  }

  /** That work finished or was cancelled. */
  liveDone(): void {
    this.liveJobs = Math.max(0, this.liveJobs - 1);
  }

  /** A step of visible work asks for the frame at `frameTime`: only the store's flush comes first. */
  claimLive(frameTime?: number): boolean {
    if (frameTime === undefined || FrameLane.off()) return true;
    if (this.flushDue || this.usedFrame === frameTime) return false;
    this.usedFrame = frameTime;
    return true;
  }

  /** Set by the frames benchmark only, to measure the board without the lane in the same run (A/B). */
  private static off(): boolean {
    return typeof window !== 'undefined' && (window as { __floorboardLaneOff?: boolean }).__floorboardLaneOff === true;
  }

  /** Deferrable work asks for the frame at `frameTime`: true means run now, false ask next frame. */
  claim(frameTime?: number): boolean {
    // As a live step, except that live work under way comes first.
    if (this.liveJobs > 0 && frameTime !== undefined && !FrameLane.off()) return false;
    return this.claimLive(frameTime);
  }
}

/** The page's one lane, shared by the store's scheduler, the clock, the page gates and staging. */
export const frameLane = new FrameLane();
