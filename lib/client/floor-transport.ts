/**
 * What the floor store needs from a connection. The store never touches Socket.IO directly, so
 * it is tested with a fake transport (test/client/floor-store.test.ts) and no sockets.
 */
import type {
  Ack,
  Announcement,
  CallDetail,
  FloorDelta,
  FloorReplay,
  FloorRollingKpis,
  FloorSnapshot,
  ResumePoint,
  ResyncReply,
} from '@/lib/protocol';
import { frameLane } from './frame-lane';

export interface FloorTransportHandlers {
  connected(): void;
  disconnected(reason: string): void;
  /** The server refused the handshake (connect error with a code): retrying as is will not help. */
  refused(code: string): void;
  snapshot(snapshot: FloorSnapshot): void;
  delta(delta: FloorDelta): void;
  /** The catch-up of a resumed connection (R13), instead of a snapshot. */
  replay(replay: FloorReplay): void;
  /** A floor packet failed to decode (lib/wire.ts): it was dropped, the board must resync (C7). */
  malformed(reason: string): void;
  /** What the board holds, asked at every (re)connect for the handshake (R13); null: nothing yet. */
  resumePoint(): ResumePoint | null;
  announcement(a: Announcement): void;
  popDetail(detail: CallDetail | null): void;
  rollingKpis(kpis: FloorRollingKpis): void;
}

export interface FloorTransport {
  start(handlers: FloorTransportHandlers): void;
  /** Resolves with the server's ack; rejects on timeout or when not connected. */
  resync(sinceSeq: number): Promise<Ack<ResyncReply>>;
  watchPop(extno: string | null): Promise<Ack<CallDetail | null>>;
  stop(): void;
}

/** Runs a callback before the next paint (at most once per frame), or soon when the tab is hidden. */
export interface FrameScheduler {
  schedule(callback: () => void): () => void;
}

/**
 * requestAnimationFrame, with a timer as a fallback: a hidden tab gets no frames, and its inbox
 * of deltas must still be applied rather than grow for hours.
 */
export const animationFrameScheduler: FrameScheduler = {
  schedule(callback) {
    let done = false;
    let raf = 0;
    // The flush takes its frame: other board work waits for the next one (rule V10).
    frameLane.flushScheduled();
    const run = (frameTime?: number) => {
      if (done) return;
      done = true;
      if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(raf);
      clearTimeout(timer);
      frameLane.flushDone(frameTime);
      callback();
    };
    if (typeof requestAnimationFrame === 'function') raf = requestAnimationFrame(run);
    const timer = setTimeout(() => run(), 500);
    return () => {
      done = true;
      if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(raf);
      clearTimeout(timer);
      frameLane.flushDone();
    };
  },
};
