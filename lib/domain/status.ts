/**
 * The agent status model (docs/behaviour-rules.md, section S).
 * Shared by server and browser: no node:* or react imports here.
 */

/** What the call system says the agent is doing, plus `unknown` (no notice yet, or a code outside 0-3). */
export const AGENT_STATUSES = ['signed_out', 'idle', 'on_call', 'wrap_up', 'unknown'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** The call system's `notice.status` codes. */
export const STATUS_BY_CODE = {
  0: 'signed_out',
  1: 'idle',
  2: 'on_call',
  3: 'wrap_up',
} as const satisfies Record<number, AgentStatus>;
export type StatusCode = keyof typeof STATUS_BY_CODE;

/**
 * The state of Floorboard's own monitor socket for one agent.
 * - connecting: opening the socket (first time or after backoff)
 * - live: open and frames (or pongs, on an on-change-only feed) arriving
 * - stale: open, but nothing heard for longer than the staleness limit
 * - backoff: closed, waiting to reconnect
 * - bad_credentials: the call system refused the token (401/403); retried slowly
 */
export const LINK_STATES = ['connecting', 'live', 'stale', 'backoff', 'bad_credentials'] as const;
export type LinkState = (typeof LINK_STATES)[number];

/** Signed in means the agent is working: idle, on a call or in wrap-up. */
export function isSignedIn(status: AgentStatus): boolean {
  return status === 'idle' || status === 'on_call' || status === 'wrap_up';
}

/** Whether the board may present an agent's status as live truth. */
export function isLinkLive(link: LinkState): boolean {
  return link === 'live';
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
