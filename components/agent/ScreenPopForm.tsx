'use client';
/**
 * The open call's customer form as the agent's workbench shows it: each CRM field with its
 * value, arrays as lists. Fields the call system sent in a form we could not parse are shown
 * raw with a note (behaviour rule D7): the call is real and the supervisor still needs it.
 */
import type { CallDetail } from '@/lib/protocol';
import { useT } from '@/components/i18n/I18nProvider';

export function ScreenPopForm({ fields }: { fields: CallDetail['customer']['fields'] }) {
  const t = useT();
  if (!fields.ok) {
    return (
      <div className="flex flex-col gap-2">
        <p className="rounded border border-[var(--st-wrap_up)] px-2 py-1 text-sm" role="note">
          {t('agent.formRaw', { reason: fields.reason })}
        </p>
        <pre className="overflow-x-auto rounded bg-bg p-2 font-mono text-sm whitespace-pre-wrap break-all">{fields.raw}</pre>
      </div>
    );
  }
  const entries = Object.entries(fields.values);
  if (!entries.length) return <p className="text-muted">{t('agent.formEmpty')}</p>;
  return (
    <dl className="grid grid-cols-[minmax(6em,max-content)_1fr] gap-x-4 gap-y-1">
      {entries.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-muted">{name}</dt>
          <dd className="min-w-0 break-words">
            {Array.isArray(value) ? (
              <ul className="list-disc pl-5">
                {value.map((v, i) => (
                  <li key={i}>{v}</li>
                ))}
              </ul>
            ) : (
              value || '—'
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
