'use client';
/**
 * Users: list, add, change role and teams, reset a password, disable, sign out everywhere,
 * delete. The server enforces every rule (last admin, no self-demotion); this only asks.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Role } from '@/lib/control/actor';
import { authFetch, parseTeams } from '@/lib/auth/client';
import { userPhoneSchema } from '@/lib/auth/schemas';
import type { AuthTranslate } from '@/lib/auth/i18n';
import type { PublicUser } from '@/lib/auth/types';
import type { Lang } from '@/lib/i18n/locales';
import { AdminTable, Button, ErrorLine, Field, RoleOptions, RoleTeamsFields, Section, formatTime, inputClass } from './AdminParts';

const USERS = ['admin', 'users'] as const;

function UserRow({ user, t, lang, self }: { user: PublicUser; t: AuthTranslate; lang: Lang; self: boolean }) {
  const qc = useQueryClient();
  const [role, setRole] = useState<Role>(user.role);
  const [teams, setTeams] = useState(user.teams.join(','));
  const [phone, setPhone] = useState(user.phone ?? '');
  const [password, setPassword] = useState('');
  const patch = useMutation({
    mutationFn: (body: Record<string, unknown>) => authFetch<PublicUser>(`/api/admin/users/${user.id}`, { method: 'PATCH', body }),
    onSuccess: () => {
      setPassword('');
      void qc.invalidateQueries({ queryKey: USERS });
    },
  });
  const remove = useMutation({
    mutationFn: () => authFetch(`/api/admin/users/${user.id}`, { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: USERS }),
  });
  const signOut = useMutation({ mutationFn: () => authFetch(`/api/admin/users/${user.id}/sessions/revoke`, { method: 'POST' }) });
  const changed = role !== user.role || teams !== user.teams.join(',');
  const phoneChanged = phone.trim() !== (user.phone ?? '');
  const phoneOk = userPhoneSchema.safeParse(phone).success;

  return (
    <tr className="border-t border-line align-top">
      <td className="py-2 pr-2">
        <div className="font-medium">{user.username}</div>
        <div className="text-xs text-muted">{user.displayName}</div>
      </td>
      <td className="py-2 pr-2">
        <select aria-label={t('admin.role')} value={role} disabled={self} onChange={(e) => setRole(e.target.value as Role)} className={inputClass}>
          <RoleOptions t={t} />
        </select>
      </td>
      <td className="py-2 pr-2">
        <input aria-label={t('admin.teams')} value={teams} onChange={(e) => setTeams(e.target.value)} className={`${inputClass} w-32`} placeholder="A,B" />
        {changed ? (
          <Button kind="primary" className="ml-1" disabled={patch.isPending} onClick={() => patch.mutate({ role, teams: parseTeams(teams) })}>
            {t('admin.save')}
          </Button>
        ) : null}
      </td>
      <td className="py-2 pr-2">
        <input
          type="tel"
          inputMode="tel"
          aria-label={`${t('users.phone')}: ${user.username}`}
          aria-invalid={!phoneOk || undefined}
          title={phoneOk ? undefined : t('users.phoneInvalid')}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          className={`${inputClass} w-32`}
        />
        {phoneChanged ? (
          <Button kind="primary" className="ml-1" disabled={!phoneOk || patch.isPending} onClick={() => patch.mutate({ phone: phone.trim() })}>
            {t('admin.save')}
          </Button>
        ) : null}
      </td>
      <td className="py-2 pr-2 text-sm">{formatTime(user.lastLoginAt, lang, t)}</td>
      <td className="py-2 pr-2 text-sm">{user.disabled ? t('users.disabled') : t('admin.active')}</td>
      <td className="flex flex-wrap gap-1 py-2">
        <input
          type="password"
          autoComplete="new-password"
          aria-label={`${t('users.newPassword')}: ${user.username}`}
          placeholder={t('users.newPassword')}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className={`${inputClass} w-32`}
        />
        <Button disabled={password.length < 8 || patch.isPending} onClick={() => patch.mutate({ password })}>
          {t('users.setPassword')}
        </Button>
        {self ? null : (
          <Button onClick={() => patch.mutate({ disabled: !user.disabled })}>{user.disabled ? t('users.enable') : t('users.disable')}</Button>
        )}
        <Button onClick={() => signOut.mutate()}>{t('users.signOutAll')}</Button>
        {self ? null : (
          <Button kind="danger" onClick={() => window.confirm(t('users.confirmDelete', { name: user.username })) && remove.mutate()}>
            {t('users.delete')}
          </Button>
        )}
        <ErrorLine error={patch.error ?? remove.error ?? signOut.error} t={t} />
      </td>
    </tr>
  );
}

function AddUser({ t }: { t: AuthTranslate }) {
  const qc = useQueryClient();
  const empty = { username: '', displayName: '', role: 'viewer' as Role, teams: '', password: '', phone: '' };
  const [form, setForm] = useState(empty);
  const phoneOk = userPhoneSchema.safeParse(form.phone).success;
  const create = useMutation({
    mutationFn: () => authFetch<PublicUser>('/api/admin/users', { method: 'POST', body: { ...form, teams: parseTeams(form.teams), phone: form.phone.trim() } }),
    onSuccess: () => {
      setForm(empty);
      void qc.invalidateQueries({ queryKey: USERS });
    },
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label={t('users.add')}>
      <Field label={t('users.username')}>
        <input required value={form.username} onChange={set('username')} className={inputClass} autoComplete="off" />
      </Field>
      <Field label={t('users.displayName')}>
        <input required value={form.displayName} onChange={set('displayName')} className={inputClass} />
      </Field>
      <RoleTeamsFields role={form.role} teams={form.teams} onRole={set('role')} onTeams={set('teams')} t={t} />
      <Field label={t('users.password')}>
        <input required type="password" autoComplete="new-password" minLength={8} value={form.password} onChange={set('password')} className={inputClass} />
      </Field>
      <Field label={t('users.phone')} hint={t('users.phoneHint')}>
        <input type="tel" inputMode="tel" value={form.phone} onChange={set('phone')} aria-invalid={!phoneOk || undefined} className={inputClass} />
      </Field>
      <Button type="submit" kind="primary" disabled={create.isPending || !phoneOk}>
        {t('admin.create')}
      </Button>
      <ErrorLine error={create.error} t={t} />
    </form>
  );
}

export function UsersPanel({ t, lang, selfId }: { t: AuthTranslate; lang: Lang; selfId: string | null }) {
  const users = useQuery({ queryKey: USERS, queryFn: () => authFetch<PublicUser[]>('/api/admin/users') });
  return (
    <Section id="users" title={t('admin.users')}>
      <AddUser t={t} />
      {users.isPending ? <p>{t('admin.loading')}</p> : null}
      <ErrorLine error={users.error} t={t} />
      <AdminTable headers={[t('users.username'), t('admin.role'), t('admin.teams'), t('users.phone'), t('users.lastLogin'), t('admin.status'), t('admin.actions')]}>
        {(users.data ?? []).map((u) => (
          <UserRow key={`${u.id}:${u.role}:${u.teams.join(',')}:${u.phone ?? ''}`} user={u} t={t} lang={lang} self={u.id === selfId} />
        ))}
      </AdminTable>
    </Section>
  );
}
