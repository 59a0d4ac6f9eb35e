'use client';
/**
 * Small building blocks of the admin page: labelled fields, buttons, an error line, a
 * copy-once box for secrets (display links, API tokens), the list table, the role choices, and
 * the revoke cell the display-link and token lists share.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { ROLES } from '@/lib/control/actor';
import { AuthApiError, authFetch } from '@/lib/auth/client';
import type { AuthTranslate } from '@/lib/auth/i18n';
import { CENTRE_TIME_ZONE } from '@/lib/format/centre-time';
import type { Lang } from '@/lib/i18n/locales';

export const inputClass = 'rounded border border-line bg-raised px-2 py-1 text-fg focus-visible:outline focus-visible:outline-2 focus-visible:outline-accent';
const buttonBase = 'rounded px-2.5 py-1 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:opacity-50';

export function Button({ children, kind = 'plain', ...props }: { kind?: 'primary' | 'plain' | 'danger' } & ButtonHTMLAttributes<HTMLButtonElement>) {
  const look = kind === 'primary' ? 'bg-accent text-bg' : kind === 'danger' ? 'border border-red-600 text-red-700 dark:text-red-300' : 'border border-line text-fg';
  return (
    <button type="button" {...props} className={`${buttonBase} ${look} ${props.className ?? ''}`}>
      {children}
    </button>
  );
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="text-muted">{label}</span>
      {children}
      {hint ? <span className="text-xs text-muted">{hint}</span> : null}
    </label>
  );
}

export function ErrorLine({ error, t }: { error: unknown; t: AuthTranslate }) {
  if (!error) return null;
  const code = error instanceof AuthApiError ? error.code : 'ERROR';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-300">
      {t('admin.error', { code, message })}
    </p>
  );
}

/** A secret shown once, with a copy button (the clipboard API needs a secure context; selecting works everywhere). */
export function SecretBox({ value, t }: { value: string; t: AuthTranslate }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex flex-col gap-1 rounded border border-accent p-2" role="status">
      <span className="text-sm font-medium">{t('admin.shownOnce')}</span>
      <div className="flex gap-2">
        <input readOnly value={value} onFocus={(e) => e.currentTarget.select()} className={`${inputClass} min-w-0 flex-1 font-mono text-xs`} aria-label={t('links.url')} />
        <Button
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        >
          {copied ? t('admin.copied') : t('admin.copy')}
        </Button>
      </div>
    </div>
  );
}

/** Date and time in the centre's zone, like every other time in the product (not the viewer's zone). */
export function formatTime(ms: number | null, lang: Lang, t: AuthTranslate): string {
  if (ms === null) return t('admin.never');
  return new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short', timeZone: CENTRE_TIME_ZONE }).format(ms);
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-h`} className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-4">
      <h2 id={`${id}-h`} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A list of admin rows under a header line; the last column holds the row's actions. */
export function AdminTable({ headers, children }: { headers: readonly string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-muted">
          <tr>
            {headers.map((h, i) => (
              <th key={h} className={i < headers.length - 1 ? 'pr-2 font-medium' : 'font-medium'}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The role choices of a <select>, in the table's order. */
export function RoleOptions({ t }: { t: AuthTranslate }) {
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`role.${r}`)}
        </option>
      ))}
    </>
  );
}

/** The role choice and team list every account-like form asks for (users, API tokens). */
export function RoleTeamsFields({
  role,
  teams,
  onRole,
  onTeams,
  t,
}: {
  role: string;
  teams: string;
  onRole: (e: { target: { value: string } }) => void;
  onTeams: (e: { target: { value: string } }) => void;
  t: AuthTranslate;
}) {
  return (
    <>
      <Field label={t('admin.role')}>
        <select value={role} onChange={onRole} className={inputClass}>
          <RoleOptions t={t} />
        </select>
      </Field>
      <Field label={t('admin.teams')} hint={t('admin.teamsHint')}>
        <input value={teams} onChange={onTeams} className={inputClass} />
      </Field>
    </>
  );
}

/** Revoke at once (POST `path`), then reload the list under `listKey`; the button goes once revoked. */
export function RevokeCell({ path, listKey, revoked, t }: { path: string; listKey: readonly string[]; revoked: boolean; t: AuthTranslate }) {
  const qc = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => authFetch(path, { method: 'POST' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: listKey }),
  });
  return (
    <td className="py-2">
      {revoked ? null : (
        <Button kind="danger" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
          {t('admin.revoke')}
        </Button>
      )}
      <ErrorLine error={revoke.error} t={t} />
    </td>
  );
}
