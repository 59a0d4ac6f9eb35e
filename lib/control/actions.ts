/**
 * The actions a supervisor can take on one agent, their parameters (zod) and their results.
 * The browser validates with the same schemas before sending; the server validates again
 * (house style 2: types are not validation). Shared by server and browser: no node:* imports.
 *
 * Personal data never travels from the browser: `add_black` uses the open call's record id and
 * `send_sms` the open call's customer number, both looked up on the server.
 */
import '@/lib/zod-jitless';
import { z } from 'zod';

export const AGENT_ACTIONS = [
  'logon',
  'logout',
  'next_call',
  'hold',
  'meeting',
  'add_black',
  'get_msg',
  'send_sms',
  'cancel_signout',
] as const;
export type AgentAction = (typeof AGENT_ACTIONS)[number];

/** A client-generated UUID on every action: a re-send with the same id gets the first result. */
export const requestIdSchema = z.uuid({ error: 'requestId must be a UUID' });
export const extnoSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z_.-]{1,32}$/, { error: 'extno must be 1-32 letters, digits, dot, dash or underscore' });
/** `meeting` brings this number or extension into the agent's call. */
export const telSchema = z
  .string()
  .trim()
  .regex(/^[0-9+-]{3,20}$/, { error: 'tel must be 3-20 characters of digits, + or -' });
export const smsTextSchema = z
  .string()
  .trim()
  .min(1, { error: 'msg must not be empty' })
  .max(500, { error: 'msg must be at most 500 characters' });
export const SIGN_OUT_MODES = ['now', 'after_call'] as const;
export type SignOutMode = (typeof SIGN_OUT_MODES)[number];

/** Parameters of each action. Strict: an unexpected key (say a phone number) is refused. */
export const ACTION_PARAMS = {
  logon: z.strictObject({}),
  logout: z.strictObject({ mode: z.enum(SIGN_OUT_MODES).default('now') }),
  next_call: z.strictObject({}),
  hold: z.strictObject({}),
  meeting: z.strictObject({ tel: telSchema }),
  add_black: z.strictObject({}),
  get_msg: z.strictObject({}),
  send_sms: z.strictObject({ msg: smsTextSchema }),
  cancel_signout: z.strictObject({}),
} as const satisfies Record<AgentAction, z.ZodType>;

export type ActionParams = { [A in AgentAction]: z.output<(typeof ACTION_PARAMS)[A]> };

function requestOf<A extends AgentAction, P extends z.ZodType<object>>(action: A, params: P) {
  return z.strictObject({
    action: z.literal(action),
    extno: extnoSchema,
    requestId: requestIdSchema,
    // Actions without parameters may leave `params` out; zod fills in the defaults.
    params: z.preprocess((v) => (v === undefined ? {} : v), params),
  });
}

/** One action on one agent, as `control:act` carries it (the REST surface builds the same shape). */
export const actionRequestSchema = z.discriminatedUnion('action', [
  requestOf('logon', ACTION_PARAMS.logon),
  requestOf('logout', ACTION_PARAMS.logout),
  requestOf('next_call', ACTION_PARAMS.next_call),
  requestOf('hold', ACTION_PARAMS.hold),
  requestOf('meeting', ACTION_PARAMS.meeting),
  requestOf('add_black', ACTION_PARAMS.add_black),
  requestOf('get_msg', ACTION_PARAMS.get_msg),
  requestOf('send_sms', ACTION_PARAMS.send_sms),
  requestOf('cancel_signout', ACTION_PARAMS.cancel_signout),
]);
export type ActionRequest = z.output<typeof actionRequestSchema>;
/** What a client sends (`params` may be left out for actions without any). */
export type ActionRequestInput = {
  [A in AgentAction]: { action: A; extno: string; requestId: string; params?: z.input<(typeof ACTION_PARAMS)[A]> };
}[AgentAction];

/** What each action returns on success. */
export interface ActionData {
  logon: Record<string, never>;
  /** `pendingSignOut` true: the agent will be signed out when the current call ends. */
  logout: { mode: SignOutMode; pendingSignOut: boolean };
  next_call: Record<string, never>;
  /** The hold flag as the board now shows it (the call system has no un-hold: hold toggles). */
  hold: { held: boolean };
  meeting: Record<string, never>;
  add_black: Record<string, never>;
  /** The SMS template for the dialog; the supervisor may edit it before sending. */
  get_msg: { template: string };
  send_sms: Record<string, never>;
  cancel_signout: { pendingSignOut: false };
}

/** A successful action: `Ack<ActionOk>` is what `control:act` and the REST surface answer. */
export type ActionOk = {
  [A in AgentAction]: { requestId: string; action: A; extno: string; auditId: string; data: ActionData[A] };
}[AgentAction];

/** The actions that need the agent's open call, and how strictly. */
export const NEEDS_CALL: Readonly<Record<AgentAction, 'in_progress' | 'open_record' | null>> = {
  logon: null,
  logout: null,
  next_call: null,
  // The call must still be live: holding or conferencing a finished call makes no sense.
  hold: 'in_progress',
  meeting: 'in_progress',
  // The record stays open through wrap-up, which is exactly when these are used.
  add_black: 'open_record',
  send_sms: 'open_record',
  get_msg: null,
  cancel_signout: null,
};

export function isAgentAction(value: string): value is AgentAction {
  return (AGENT_ACTIONS as readonly string[]).includes(value);
}
