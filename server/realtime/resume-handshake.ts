/**
 * Reading a board's resume point from its handshake (R13). The handshake is untrusted: anything
 * but a well-formed `auth.resume` is counted and ignored, and the board simply gets a snapshot
 * (refusing the connection would leave a wall display dark over a field it can do without).
 */
import type { ResumePoint } from '@/lib/protocol';
import { describeIssue, resumePointSchema } from './schemas';

export function parseResume(auth: unknown, refused: (message: string) => void): ResumePoint | null {
  if (typeof auth !== 'object' || auth === null || !('resume' in auth)) return null;
  const raw = (auth as { resume: unknown }).resume;
  if (raw === undefined || raw === null) return null;
  const parsed = resumePointSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  refused(`resume: ${describeIssue(parsed.error)}`);
  return null;
}
