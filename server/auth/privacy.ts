/**
 * What a principal may be sent (PR-1): the server masks before sending, so the browser never
 * receives what it may not show. The realtime and REST layers ask here before building a
 * screen pop or a call's customer number.
 */
import { maskPhone } from '@/lib/domain/customer';
import type { Principal } from '@/lib/auth/types';
import type { Auth } from './auth';

export interface Privacy {
  /** Screen-pop details (customer record, CRM form): team leads and up; never a display link. */
  pop: boolean;
  /** Customer numbers in clear (PHONE_FULL_ROLES); otherwise masked as 138****5678. */
  phoneFull: boolean;
  /** The number as this principal may see it. */
  phone(value: string): string;
}

export function privacyFor(auth: Pick<Auth, 'can'>, principal: Principal | null): Privacy {
  const pop = principal !== null && auth.can(principal, 'view_pop');
  const phoneFull = principal !== null && auth.can(principal, 'view_phone_full');
  return { pop, phoneFull, phone: (value) => (phoneFull ? value : maskPhone(value)) };
}
