/**
 * `cancel_signout` on a web node other than the one holding the request (rule CL7). The request
 * lives in the control pipeline of the node that took it (CL1), and `fb:pending` names that
 * node. The asking node looks the holder up and:
 *
 * - nobody holds one: NO_PENDING_SIGNOUT, as in one process;
 * - otherwise forwards the cancel with `serverSideEmit` and an acknowledgement: the holder drops
 *   the request (its pipeline clears the flag, which CL1 shares) and says whether it had it;
 * - no answer and the holder's `fb:web:<id>` key expired: the holder is gone; clears the flag, as
 *   CL1's sweep would, and answers ok (nobody will sign the agent out now);
 * - no answer from a holder whose key still runs: OUTCOME_UNKNOWN (it may still sign out).
 *
 * Forwarded requests and answers come from other nodes but are still checked (zod), and a
 * forwarded request changes nothing but the named agent's pending request on the named holder.
 */
import type { Server } from 'socket.io';
import { z } from 'zod';
import type { ControlPipeline } from '@/server/control/pipeline';
import type { ClusterKeys } from './keys';
import type { Redis } from './redis';
import type { LogFn } from '@/server/log';

export const CANCEL_SIGNOUT_EVENT = 'cluster:cancel-signout';

const requestSchema = z.strictObject({ extno: z.string().min(1).max(64), holder: z.string().min(1).max(200) });
const answerSchema = z.object({ node: z.string(), holder: z.boolean(), cancelled: z.boolean() });
type Answer = z.infer<typeof answerSchema>;

export interface PendingCancels {
  stats(): { forwarded: number; answered: number; rejected: number };
  close(): void;
}

export function sharePendingCancels(opts: {
  io: Server;
  redis: Redis;
  keys: ClusterKeys;
  nodeId: string;
  pipeline: Pick<ControlPipeline, 'pending' | 'clearPending' | 'setPendingElsewhere'>;
  /** Clear the shared flag of a request whose holder is gone (PendingShare.drop). */
  dropFlag: (extno: string) => void;
  log: { info: LogFn; warn: LogFn };
}): PendingCancels {
  const { io, redis, keys, nodeId, pipeline, log } = opts;
  const counts = { forwarded: 0, answered: 0, rejected: 0 };

  const forward = (extno: string, holder: string): Promise<Answer | undefined> =>
    new Promise((resolve) => {
      // The adapter waits for every other web node's answer, at most 5 s (its own timeout); on a
      // timeout the answers that did come are still given: the holder's may be among them.
      io.serverSideEmit(CANCEL_SIGNOUT_EVENT, { extno, holder }, (_err: Error | null, answers: unknown[]) => {
        const valid = (answers ?? []).map((a) => answerSchema.safeParse(a)).flatMap((p) => (p.success ? [p.data] : []));
        resolve(valid.find((a) => a.node === holder && a.holder));
      });
    });

  pipeline.setPendingElsewhere({
    async cancel(extno) {
      const holder = await redis.hget(keys.pending, extno);
      if (holder === null) return 'none';
      if (holder !== nodeId) {
        counts.forwarded += 1;
        const answer = await forward(extno, holder);
        if (answer) return answer.cancelled ? 'cancelled' : 'none';
        // No answer: gone only when its liveness key says so too (a live one may be slow, and a
        // Redis restarted empty lacks the key of a live node for a few seconds: asked first).
        if ((await redis.exists(keys.webNode(holder))) === 1) throw new Error(`web node ${holder} did not answer`);
      }
      // The holder is gone, or it is this node yet not in its pipeline (restarted under the same id).
      log.warn({ extno, holder }, 'pending sign-out dropped on cancel: the web node that took it is gone');
      opts.dropFlag(extno);
      return 'gone';
    },
  });

  const onRequest = (raw: unknown, ack?: unknown): void => {
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success || typeof ack !== 'function') {
      counts.rejected += 1;
      log.warn({ issue: parsed.success ? 'no acknowledgement callback' : parsed.error.issues[0]?.message }, 'forwarded cancel_signout refused');
      if (typeof ack === 'function') ack({ node: nodeId, holder: false, cancelled: false } satisfies Answer);
      return;
    }
    const { extno, holder } = parsed.data;
    if (holder !== nodeId) return void ack({ node: nodeId, holder: false, cancelled: false } satisfies Answer);
    const had = pipeline.pending.get(extno) !== undefined;
    if (had) pipeline.clearPending(extno);
    counts.answered += 1;
    log.info({ extno, cancelled: had }, 'pending sign-out cancelled from another web node');
    ack({ node: nodeId, holder: true, cancelled: had } satisfies Answer);
  };
  io.on(CANCEL_SIGNOUT_EVENT, onRequest);

  return {
    stats: () => ({ ...counts }),
    close() {
      pipeline.setPendingElsewhere(null);
      io.off(CANCEL_SIGNOUT_EVENT, onRequest);
    },
  };
}
