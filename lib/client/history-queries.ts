/**
 * TanStack Query hooks for the history API (docs/http-api.md, "History and KPIs"). The server
 * scopes every answer to the signed-in user's teams; the browser only asks. Today's data keeps
 * moving, so today's queries refetch every minute; a past day is fixed and cached longer.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { HistoryAgents, HistoryIntervals, HistorySummary, HistoryTimeline } from '@/lib/history/types';

/** An answer other than 200: the API's stable code (or NETWORK / HTTP_<status>) and its message. */
export class HistoryApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface HistoryParams {
  /** Centre-local `YYYY-MM-DD`; null for the server's today (the centre's zone is the server's to know). */
  day: string | null;
  /** One team, or null for every team the user may see. */
  team: string | null;
  /** Minutes per interval of the charts (the API's 5, 10, 15, 30 or 60; 15 by default). */
  interval: number;
}

export const INTERVAL_CHOICES = [5, 10, 15, 30, 60] as const;
export const DEFAULT_INTERVAL = 15;

/** Query string of the history endpoints (and of their CSV links). */
export function historyQuery(p: HistoryParams, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (p.day) q.set('day', p.day);
  if (p.team) q.set('team', p.team);
  if (p.interval !== DEFAULT_INTERVAL) q.set('interval', String(p.interval));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

async function getJson<T>(path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch (err) {
    throw new HistoryApiError('NETWORK', err instanceof Error ? err.message : 'network error', 0);
  }
  const body = (await res.json().catch(() => null)) as (T & { code?: unknown; message?: unknown }) | null;
  if (!res.ok || body === null) {
    const code = body && typeof body.code === 'string' ? body.code : `HTTP_${res.status}`;
    const message = body && typeof body.message === 'string' ? body.message : `HTTP ${res.status}`;
    throw new HistoryApiError(code, message, res.status);
  }
  return body;
}

function timing(p: HistoryParams) {
  return p.day === null ? { staleTime: 30_000, refetchInterval: 60_000 } : { staleTime: 10 * 60_000 };
}

/** Errors a retry will not fix. */
function retry(failures: number, err: Error): boolean {
  if (err instanceof HistoryApiError && err.status >= 400 && err.status < 500) return false;
  return failures < 2;
}

/** The day's tables: same parameters, same cache rules, one answer type each. */
function useHistoryTable<T>(name: 'intervals' | 'summary' | 'agents', p: HistoryParams) {
  return useQuery({
    queryKey: ['history', name, p.day ?? 'today', p.team, p.interval],
    queryFn: () => getJson<T>(`/api/history/${name}?${historyQuery(p)}`),
    placeholderData: keepPreviousData,
    retry,
    ...timing(p),
  });
}

export const useHistoryIntervals = (p: HistoryParams) => useHistoryTable<HistoryIntervals>('intervals', p);
export const useHistorySummary = (p: HistoryParams) => useHistoryTable<HistorySummary>('summary', p);
export const useHistoryAgents = (p: HistoryParams) => useHistoryTable<HistoryAgents>('agents', p);

/** One agent's states of a day (the agent detail's timeline); today's refetches every 30 s. */
export function useAgentTimeline(extno: string, day: string | null = null) {
  const q = day ? `?day=${encodeURIComponent(day)}` : '';
  return useQuery({
    queryKey: ['history', 'timeline', extno, day ?? 'today'],
    queryFn: () => getJson<HistoryTimeline>(`/api/history/agents/${encodeURIComponent(extno)}/timeline${q}`),
    retry,
    staleTime: 15_000,
    refetchInterval: day ? false : 30_000,
  });
}
