/**
 * The Socket.IO face of the control path: the realtime layer calls `handleControlEvent` for
 * every `control:act` event, with the actor from the socket's server-side session.
 * Nothing here trusts the client: the payload is validated by the pipeline, the ack may be
 * missing or not a function, and a throw never reaches Socket.IO.
 */
import type { ActionOk } from '@/lib/control/actions';
import type { Actor } from '@/lib/control/actor';
import type { Ack } from '@/lib/protocol';
import type { Logger } from '@/server/log';
import type { ControlPipeline } from './pipeline';

export type ControlEventHandler = (actor: Actor | null, payload: unknown, ack: unknown) => Promise<void>;

export function createControlEventHandler(pipeline: ControlPipeline, options: { logger?: Logger } = {}): ControlEventHandler {
  return async (actor, payload, ack) => {
    const reply = (r: Ack<ActionOk>) => {
      if (typeof ack !== 'function') return;
      try {
        (ack as (r: Ack<ActionOk>) => void)(r);
      } catch (err) {
        options.logger?.warn({ err }, 'control:act ack threw');
      }
    };
    if (!actor) {
      reply({ ok: false, code: 'UNAUTHORIZED', message: 'Sign in to act on the floor' });
      return;
    }
    // Acting without an ack is allowed (the user clicked); the result is in the audit trail.
    let result: Ack<ActionOk>;
    try {
      result = await pipeline.act(actor, payload);
    } catch (err) {
      options.logger?.error({ err }, 'control:act failed');
      result = { ok: false, code: 'INTERNAL', message: 'Internal error: see the server log' };
    }
    reply(result);
  };
}
