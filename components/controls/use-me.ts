'use client';
/** Who is signed in (GET /api/auth/me), for defaults such as the three-way call's number. */
import { useQuery } from '@tanstack/react-query';
import type { MeResponse } from '@/lib/auth/types';
import { apiData } from './api';

export function useMe() {
  return useQuery({ queryKey: ['auth', 'me'], queryFn: () => apiData<MeResponse>('/api/auth/me'), staleTime: 60_000 });
}

/** The signed-in user's own phone or extension (set on the admin page), '' when none is set. */
export function myPhone(me: MeResponse | undefined): string {
  return me?.user?.phone ?? '';
}
