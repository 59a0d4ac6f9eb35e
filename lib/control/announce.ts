/**
 * Announcements (公告): request schemas and the views boards show, with delivery receipts.
 * Shared by server and browser: no node:* imports here.
 */
import '@/lib/zod-jitless';
import { z } from 'zod';
import { extnoSchema, requestIdSchema } from './actions';

export const teamNameSchema = z.string().trim().min(1).max(100);

/** Who gets an announcement. `all` is accepted as a synonym of `floor`. */
export const audienceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal(['floor', 'all']).transform(() => 'floor' as const) }),
  z.strictObject({ kind: z.literal('teams'), teams: z.array(teamNameSchema).min(1).max(500) }),
  z.strictObject({ kind: z.literal('extnos'), extnos: z.array(extnoSchema).min(1).max(10_000) }),
]);
export type Audience = z.output<typeof audienceSchema>;

export const announcementTextSchema = z
  .string()
  .trim()
  .min(1, { error: 'text must not be empty' })
  .max(1000, { error: 'text must be at most 1000 characters' });

export const announceRequestSchema = z.strictObject({
  requestId: requestIdSchema,
  text: announcementTextSchema,
  audience: audienceSchema,
});
export type AnnounceRequest = z.output<typeof announceRequestSchema>;

export const resendRequestSchema = z.strictObject({ requestId: requestIdSchema });

/** Why an agent has not got an announcement yet, from the live floor. */
export const UNDELIVERED_REASONS = ['signed_out', 'link_down', 'not_on_roster', 'waiting'] as const;
export type UndeliveredReason = (typeof UNDELIVERED_REASONS)[number];

export interface AnnouncementSend {
  /** Epoch ms. */
  at: number;
  /** How many extensions this send went to (the first send: all; a resend: the missing ones). */
  recipients: number;
  /** `sending` until the call system answers (receipts may arrive before that answer). */
  outcome: 'sending' | 'ok' | 'refused' | 'failed' | 'unknown';
  code?: string;
  reason?: string;
}

export interface AnnouncementRecipientView {
  extno: string;
  name: string;
  team: string;
  /** Epoch ms the agent's monitor socket carried the message, or null. */
  deliveredAt: number | null;
  /** Null once delivered. */
  reason: UndeliveredReason | null;
}

/** One announcement with its receipts (GET /api/announcements). */
export interface AnnouncementView {
  id: string;
  text: string;
  audience: Audience;
  sender: { id: string; name: string; role: string };
  createdAt: number;
  sends: AnnouncementSend[];
  total: number;
  delivered: number;
  recipients: AnnouncementRecipientView[];
}

/** The live receipt counter pushed to boards (`announce:receipts`): who still has not got it. */
export interface AnnouncementReceipts {
  id: string;
  total: number;
  delivered: number;
  undelivered: { extno: string; reason: UndeliveredReason }[];
  /** Epoch ms of this update. */
  at: number;
}
