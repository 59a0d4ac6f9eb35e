'use client';
/**
 * API tokens for integrations: create (role, teams, read or act, optional expiry), copy the
 * token (shown once), revoke.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Role } from '@/lib/control/actor';
import { authFetch, parseTeams } from '@/lib/auth/client';
import type { AuthTranslate } from '@/lib/auth/i18n';
import type { ApiTokenInfo, TokenAccess } from '@/lib/auth/types';
import type { Lang } from '@/lib/i18n/locales';
import { AdminTable, Button, ErrorLine, Field, RevokeCell, RoleTeamsFields, SecretBox, Section, formatTime, inputClass } from './AdminParts';

const TOKENS = ['admin', 'tokens'] as const;
const DAY = 86_400_000;

function AddToken({ t, onCreated }: { t: AuthTranslate; onCreated: (token: string) => void }) {
  const qc = useQueryClient();
  const [form, setForm] = useState({ name: '', role: 'viewer' as Role, teams: '', access: 'read' as TokenAccess, days: '' });
  const create = useMutation({
    mutationFn: () =>
      authFetch<{ token: string }>('/api/admin/tokens', {
        method: 'POST',
        body: {
          name: form.name,
          role: form.role,
          teams: parseTeams(form.teams),
          access: form.access,
          expiresAt: form.days ? Date.now() + Number(form.days) * DAY : null,
        },
      }),
    onSuccess: (r) => {
      onCreated(r.token);
      setForm((f) => ({ ...f, name: '' }));
      void qc.invalidateQueries({ queryKey: TOKENS });
    },
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label={t('tokens.add')}>
      <Field label={t('admin.name')}>
        <input required value={form.name} onChange={set('name')} className={inputClass} />
      </Field>
      <RoleTeamsFields role={form.role} teams={form.teams} onRole={set('role')} onTeams={set('teams')} t={t} />
      <Field label={t('tokens.access')}>
        <select value={form.access} onChange={set('access')} className={inputClass}>
          <option value="read">{t('tokens.read')}</option>
          <option value="act">{t('tokens.act')}</option>
        </select>
      </Field>
      <Field label={t('admin.expires')}>
        <input type="number" min={1} max={3650} value={form.days} onChange={set('days')} className={`${inputClass} w-24`} />
      </Field>
      <Button type="submit" kind="primary" disabled={create.isPending}>
        {t('admin.create')}
      </Button>
      <ErrorLine error={create.error} t={t} />
    </form>
  );
}

function TokenRow({ token, t, lang }: { token: ApiTokenInfo; t: AuthTranslate; lang: Lang }) {
  const expired = token.expiresAt !== null && token.expiresAt <= Date.now();
  return (
    <tr className="border-t border-line">
      <td className="py-2 pr-2 font-medium">{token.name}</td>
      <td className="py-2 pr-2">
        {t(`role.${token.role}`)} · {token.access === 'act' ? t('tokens.act') : t('tokens.read')}
      </td>
      <td className="py-2 pr-2">{token.teams.join(', ')}</td>
      <td className="py-2 pr-2">{formatTime(token.lastUsedAt, lang, t)}</td>
      <td className="py-2 pr-2">{token.revokedAt !== null ? t('admin.revoked') : expired ? formatTime(token.expiresAt, lang, t) : t('admin.active')}</td>
      <RevokeCell path={`/api/admin/tokens/${token.id}/revoke`} listKey={TOKENS} revoked={token.revokedAt !== null} t={t} />
    </tr>
  );
}

export function TokensPanel({ t, lang }: { t: AuthTranslate; lang: Lang }) {
  const tokens = useQuery({ queryKey: TOKENS, queryFn: () => authFetch<ApiTokenInfo[]>('/api/admin/tokens') });
  const [created, setCreated] = useState<string | null>(null);
  return (
    <Section id="tokens" title={t('admin.tokens')}>
      <AddToken t={t} onCreated={setCreated} />
      {created ? <SecretBox value={created} t={t} /> : null}
      <ErrorLine error={tokens.error} t={t} />
      <AdminTable headers={[t('admin.name'), t('tokens.access'), t('admin.teams'), t('admin.lastUse'), t('admin.status'), t('admin.actions')]}>
        {(tokens.data ?? []).map((tk) => (
          <TokenRow key={tk.id} token={tk} t={t} lang={lang} />
        ))}
      </AdminTable>
    </Section>
  );
}
