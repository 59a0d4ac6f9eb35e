'use client';
/** Who is signed in (GET /api/auth/me), for defaults such as the three-way call's number. */
import { useQuery } from '@tanstack/react-query';
import type { MeResponse } from '@/lib/auth/types';
import { apiData } from './api';

export function useMe() {
  return useQuery({ queryKey: ['auth', 'me'], queryFn: () => apiData<MeResponse>('/api/auth/me'), staleTime: 60_000 });
}

/** The user's own phone or extension, when the session carries one (not every deployment does). */
export function myPhone(me: MeResponse | undefined): string {
  const user = me?.user as (MeResponse['user'] & { phone?: unknown; extno?: unknown }) | null | undefined;
  const phone = user?.phone ?? user?.extno;
  return typeof phone === 'string' ? phone : '';
}
