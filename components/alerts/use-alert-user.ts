'use client';
/**
 * Who is looking at the board, for what the alert UI offers: acknowledging needs a signed-in
 * user above `viewer` (a display link or a viewer sees alerts but cannot silence them), and the
 * rules editor needs a manager or an admin. The server checks again either way.
 */
import { useQuery } from '@tanstack/react-query';
import { authFetch } from '@/lib/auth/client';
import type { MeResponse } from '@/lib/auth/types';
import type { Role } from '@/lib/control/actor';

export interface AlertUser {
  loaded: boolean;
  role: Role | null;
  canAck: boolean;
  canManageRules: boolean;
  canExport: boolean;
}

export function alertUserOf(me: MeResponse | undefined): Omit<AlertUser, 'loaded'> {
  const role = me?.user?.role ?? null;
  return {
    role,
    canAck: role !== null && role !== 'viewer',
    canManageRules: role === 'manager' || role === 'admin',
    canExport: role !== null && role !== 'viewer',
  };
}

export function useAlertUser(): AlertUser {
  const me = useQuery({ queryKey: ['auth', 'me'], queryFn: () => authFetch<MeResponse>('/api/auth/me'), staleTime: 60_000, retry: false });
  return { loaded: !me.isPending, ...alertUserOf(me.data) };
}
