/**
 * What the control path reads from the live floor, as narrow functions the lead injects:
 * the pipeline never touches the reducer's state directly, so it is testable with a Map.
 * `floorReader` builds them from the real FloorState and the roster's tokens.
 */
import type { AgentStatus, LinkState } from '@/lib/domain/status';
import type { FloorState } from '@/server/state/types';

/** An agent as announcements and receipts need it (no secrets, no customer data). */
export interface FloorAgent {
  extno: string;
  name: string;
  team: string;
  status: AgentStatus;
  link: LinkState;
  pendingSignOut: boolean;
}

/** The open call of an agent, server-side only: `telephone` is in clear for sendSms. */
export interface TargetCall {
  sessionId: string;
  /** The customer record id from the screen pop (`info.uuid`), for addBlack. */
  recordUuid: string;
  telephone: string;
  held: boolean;
  /** True once the call ended (wrap-up with the record still open). */
  ended: boolean;
}

/** One agent as an action needs it: the floor view plus the open call and the REST token. */
export interface AgentTarget extends FloorAgent {
  call: TargetCall | null;
  /** The agent's access token: passed to the call-system client, never returned or logged. */
  token: string;
}

export type ReadAgent = (extno: string) => AgentTarget | undefined;
export type ListAgents = () => Iterable<FloorAgent>;

/** Read functions over the reducer's state. `tokenOf` looks the roster up (undefined: not on it). */
export function floorReader(
  getState: () => FloorState,
  tokenOf: (extno: string) => string | undefined,
): { agent: ReadAgent; agents: ListAgents } {
  const view = (a: FloorState['agents'] extends Map<string, infer V> ? V : never): FloorAgent => ({
    extno: a.extno,
    name: a.name,
    team: a.team,
    status: a.status,
    link: a.link,
    pendingSignOut: a.pendingSignOut,
  });
  return {
    agent(extno) {
      const a = getState().agents.get(extno);
      const token = tokenOf(extno);
      if (!a || token === undefined) return undefined;
      const call: TargetCall | null = a.call
        ? {
            sessionId: a.call.sessionId,
            recordUuid: a.call.record.uuid,
            telephone: a.call.record.telephone,
            held: a.call.held,
            ended: a.call.endedAt !== null,
          }
        : null;
      return { ...view(a), call, token };
    },
    *agents() {
      for (const a of getState().agents.values()) yield view(a);
    },
  };
}
