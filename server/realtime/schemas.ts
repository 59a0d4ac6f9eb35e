/**
 * Validation of everything a browser sends (types are not validation: the payload is
 * untrusted until it passes here). Unknown extra keys are stripped, not refused, so a newer
 * browser can add optional fields without breaking an older server.
 */
import { z } from 'zod';
import { firstIssueText } from '@/server/http/zod-text';

export const resyncRequestSchema = z.object({
  sinceSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export const popWatchRequestSchema = z.object({
  extno: z.string().min(1).max(64).nullable(),
});

/**
 * Handshake `auth.resume` (R13). The epoch is one the server issued (a short id and a base-36
 * seq): anything longer or with other characters cannot match and is refused as garbage.
 */
export const resumePointSchema = z.object({
  epoch: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export const MAX_TEAMS_PER_BOARD = 100;
const MAX_TEAM_NAME = 64;

/** Handshake query `teams`: comma separated team names; absent or empty means "all I may see". */
export const handshakeTeamsSchema = z
  .string()
  .max(MAX_TEAMS_PER_BOARD * (MAX_TEAM_NAME + 1))
  .optional()
  .transform((raw) => [...new Set((raw ?? '').split(',').map((t) => t.trim()).filter((t) => t.length > 0))])
  .pipe(z.array(z.string().max(MAX_TEAM_NAME)).max(MAX_TEAMS_PER_BOARD));

/** First issue of a failed parse, short enough for an ack message (the socket's input is its payload). */
export function describeIssue(error: z.ZodError): string {
  return firstIssueText(error, 'payload');
}
