'use client';
/**
 * The supervisor's actions on one agent (docs/control-api.md): sign in / out (with "after this
 * call" during a call, and cancel of a pending one), next call, hold, three-way, blacklist the
 * open call's customer, SMS with the call system's template. Each click is one intent with one
 * requestId (reused only when a retry of the same intent follows a network failure); buttons are
 * disabled when the agent's state forbids the action; the result is read out in a live region.
 * Actions travel over the board's socket (REST when it is down: send-action.ts); the late
 * outcome of an "after this call" sign-out replaces the pending line when the call ends.
 */
import { useCallback, useId, useState } from 'react';
import type { ActionData, ActionOk, ActionRequestInput, AgentAction } from '@/lib/control/actions';
import { telSchema, smsTextSchema } from '@/lib/control/actions';
import type { AgentView } from '@/lib/protocol';
import type { MessageKey } from '@/lib/i18n/dictionaries';
import { useT } from '@/components/i18n/I18nProvider';
import type { ApiAck } from './api';
import { formatClockTime } from '@/lib/format/centre-time';
import { Dialog, buttonClass, dangerClass, inputClass, primaryClass } from './Dialog';
import { TONE_CLASS, failureText, toneOf } from './messages';
import { sendAgentAction } from './send-action';
import { useIntent } from './use-intent';
import { useLateResult } from './use-late-result';
import { myPhone, useMe } from './use-me';

type Params = Record<string, string>;

function useAction(extno: string, action: AgentAction) {
  const send = useCallback(
    (requestId: string, params: Params) => sendAgentAction({ action, extno, requestId, params } as ActionRequestInput),
    [extno, action],
  );
  return useIntent<ActionOk, Params>(send);
}

interface LastResult {
  action: AgentAction;
  ack: ApiAck<ActionOk>;
  /** Browser clock, to tell whether a late result is newer than this one. */
  at: number;
}

type Open = null | 'logout' | 'hold' | 'meeting' | 'add_black' | 'send_sms';

export function ActionBar({ agent }: { agent: AgentView }) {
  const t = useT();
  const me = useMe();
  const { extno } = agent;
  const [open, setOpen] = useState<Open>(null);
  const [last, setLast] = useState<LastResult | null>(null);
  const [tel, setTel] = useState<string | null>(null);
  const [sms, setSms] = useState('');
  const telId = useId();
  const smsId = useId();

  const logon = useAction(extno, 'logon');
  const logout = useAction(extno, 'logout');
  const nextCall = useAction(extno, 'next_call');
  const hold = useAction(extno, 'hold');
  const meeting = useAction(extno, 'meeting');
  const addBlack = useAction(extno, 'add_black');
  const getMsg = useAction(extno, 'get_msg');
  const sendSms = useAction(extno, 'send_sms');
  const cancelSignout = useAction(extno, 'cancel_signout');

  const label = (a: AgentAction) => t(`ctl.${a}` as MessageKey);
  const late = useLateResult(extno);
  // The late outcome of a pending sign-out wins over the bar's last answer when it is newer.
  const lateShown = late && (!last || late.receivedAt >= last.at) ? late : null;
  const lateText = lateShown
    ? lateShown.ack.ok
      ? t('ctl.late.done', { time: formatClockTime(lateShown.receivedAt) })
      : t('ctl.late.failed', { time: formatClockTime(lateShown.receivedAt), reason: failureText(t, lateShown.ack.code, lateShown.ack.message) })
    : null;

  const act = async (action: AgentAction, intent: ReturnType<typeof useAction>, params: Params = {}) => {
    const ack = await intent.run(params);
    if (ack) setLast({ action, ack, at: Date.now() });
    return ack;
  };

  const signedIn = agent.status === 'idle' || agent.status === 'on_call' || agent.status === 'wrap_up';
  const inProgress = agent.status === 'on_call' && agent.call !== null && agent.call.endedAt === null;
  const openRecord = agent.call !== null;
  const held = agent.call?.held ?? false;
  const phone = agent.call?.phoneMasked ?? '';

  const openSms = async () => {
    setSms('');
    setOpen('send_sms');
    const ack = await act('get_msg', getMsg);
    if (ack?.ok) setSms((ack.data.data as ActionData['get_msg']).template);
  };

  const okText = (r: LastResult & { ack: { ok: true } }): string => {
    const d = r.ack.data;
    if (d.action === 'logout' && d.data.pendingSignOut) return t('ctl.ok.pending');
    if (d.action === 'hold') return d.data.held ? t('ctl.ok.held') : t('ctl.ok.unheld');
    if (d.action === 'get_msg') return t('ctl.ok.template');
    return t('ctl.ok', { action: label(r.action) });
  };

  const telValue = tel ?? myPhone(me.data);
  const telOk = telSchema.safeParse(telValue).success;
  const smsOk = smsTextSchema.safeParse(sms).success;

  const btn = (
    action: AgentAction,
    intent: ReturnType<typeof useAction>,
    onClick: () => void,
    enabled: boolean,
    why?: string,
    extra?: { pressed?: boolean; text?: string },
  ) => (
    <button
      type="button"
      className={buttonClass}
      data-action={action}
      disabled={!enabled || intent.pending}
      aria-busy={intent.pending || undefined}
      aria-pressed={extra?.pressed}
      title={!enabled ? why : undefined}
      onClick={onClick}
    >
      {intent.pending ? t('ctl.working') : (extra?.text ?? label(action))}
    </button>
  );

  return (
    <section aria-label={t('ctl.bar')} className="flex flex-col gap-2 rounded-md border border-line bg-surface p-3" data-testid="action-bar">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="mr-2 text-base font-semibold">{t('ctl.bar')}</h2>
        {btn('logon', logon, () => void act('logon', logon), !signedIn)}
        {btn('logout', logout, () => (agent.status === 'on_call' ? setOpen('logout') : void act('logout', logout, { mode: 'now' })), signedIn || agent.status === 'unknown')}
        {btn('next_call', nextCall, () => void act('next_call', nextCall), agent.status === 'idle' || agent.status === 'wrap_up')}
        {btn('hold', hold, () => setOpen('hold'), inProgress, t('ctl.noCall'), { pressed: inProgress ? held : undefined, text: held ? t('ctl.held') : t('ctl.hold') })}
        {btn('meeting', meeting, () => setOpen('meeting'), inProgress, t('ctl.noCall'))}
        {btn('add_black', addBlack, () => setOpen('add_black'), openRecord, t('ctl.noRecord'))}
        {btn('send_sms', sendSms, () => void openSms(), openRecord, t('ctl.noRecord'))}
      </div>
      {agent.pendingSignOut ? (
        <div className="flex flex-wrap items-center gap-2 rounded border border-[var(--st-wrap_up)] px-2 py-1" data-testid="pending-signout">
          <span>{t('ctl.pendingSignOut')}</span>
          {btn('cancel_signout', cancelSignout, () => void act('cancel_signout', cancelSignout), true)}
        </div>
      ) : null}
      {lateShown ? (
        <p role="status" aria-live="polite" data-testid="late-result-line" data-result={toneOf(lateShown.ack)} className={`rounded border-l-4 px-2 py-1 ${TONE_CLASS[toneOf(lateShown.ack)]}`}>
          {lateText}
        </p>
      ) : null}
      <p
        role="status"
        aria-live="polite"
        aria-label={t('ctl.result')}
        data-testid="action-result"
        data-result={last && !lateShown ? toneOf(last.ack) : undefined}
        className={last && !lateShown ? `rounded border-l-4 px-2 py-1 ${TONE_CLASS[toneOf(last.ack)]}` : 'sr-only'}
      >
        {last && !lateShown
          ? last.ack.ok
            ? okText(last as LastResult & { ack: { ok: true } })
            : t('ctl.failed', { action: label(last.action), reason: failureText(t, last.ack.code, last.ack.message) })
          : ''}
      </p>

      <Dialog
        open={open === 'logout'}
        title={t('ctl.signOutTitle', { name: agent.name })}
        onClose={() => setOpen(null)}
        footer={
          <>
            <button type="button" className={buttonClass} onClick={() => setOpen(null)}>
              {t('ctl.cancel')}
            </button>
            <button type="button" className={primaryClass} onClick={() => (setOpen(null), void act('logout', logout, { mode: 'after_call' }))}>
              {t('ctl.signOutAfter')}
            </button>
            <button type="button" className={dangerClass} onClick={() => (setOpen(null), void act('logout', logout, { mode: 'now' }))}>
              {t('ctl.signOutNow')}
            </button>
          </>
        }
      >
        <p>{t('ctl.signOutBody', { name: agent.name })}</p>
      </Dialog>

      <Dialog
        open={open === 'hold'}
        title={held ? t('ctl.unholdTitle', { name: agent.name }) : t('ctl.holdTitle', { name: agent.name })}
        onClose={() => setOpen(null)}
        footer={
          <>
            <button type="button" className={buttonClass} onClick={() => setOpen(null)}>
              {t('ctl.cancel')}
            </button>
            <button type="button" className={primaryClass} onClick={() => (setOpen(null), void act('hold', hold))}>
              {held ? t('ctl.unholdConfirm') : t('ctl.holdConfirm')}
            </button>
          </>
        }
      >
        <p>{t('ctl.holdBody')}</p>
      </Dialog>

      <Dialog
        open={open === 'meeting'}
        title={t('ctl.meetingTitle', { name: agent.name })}
        onClose={() => setOpen(null)}
        footer={
          <>
            <button type="button" className={buttonClass} onClick={() => setOpen(null)}>
              {t('ctl.cancel')}
            </button>
            <button type="submit" form={`${telId}-form`} className={primaryClass} disabled={!telOk || meeting.pending}>
              {t('ctl.meetingSend')}
            </button>
          </>
        }
      >
        <form
          id={`${telId}-form`}
          className="flex flex-col gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            if (!telOk) return;
            setOpen(null);
            void act('meeting', meeting, { tel: telValue.trim() });
          }}
        >
          <label htmlFor={telId}>{t('ctl.meetingTel')}</label>
          <input
            id={telId}
            name="tel"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            className={inputClass}
            value={telValue}
            onChange={(e) => setTel(e.target.value)}
            aria-describedby={`${telId}-hint`}
            aria-invalid={telValue !== '' && !telOk}
            autoFocus
          />
          <span id={`${telId}-hint`} className="text-sm text-muted">
            {t('ctl.meetingHint')}
          </span>
        </form>
      </Dialog>

      <Dialog
        open={open === 'add_black'}
        title={t('ctl.blackTitle')}
        onClose={() => setOpen(null)}
        footer={
          <>
            <button type="button" className={buttonClass} onClick={() => setOpen(null)}>
              {t('ctl.cancel')}
            </button>
            <button type="button" className={dangerClass} onClick={() => (setOpen(null), void act('add_black', addBlack))}>
              {t('ctl.blackConfirm')}
            </button>
          </>
        }
      >
        <p>{t('ctl.blackBody', { phone })}</p>
      </Dialog>

      <Dialog
        open={open === 'send_sms'}
        title={t('ctl.smsTitle', { phone })}
        onClose={() => setOpen(null)}
        footer={
          <>
            <button type="button" className={buttonClass} onClick={() => setOpen(null)}>
              {t('ctl.cancel')}
            </button>
            <button type="button" className={buttonClass} disabled={getMsg.pending} onClick={() => void openSms()}>
              {t('ctl.smsReload')}
            </button>
            <button
              type="button"
              className={primaryClass}
              disabled={!smsOk || sendSms.pending || getMsg.pending}
              onClick={() => (setOpen(null), void act('send_sms', sendSms, { msg: sms.trim() }))}
            >
              {t('ctl.send_sms')}
            </button>
          </>
        }
      >
        <label htmlFor={smsId}>{getMsg.pending ? t('ctl.smsLoading') : t('ctl.smsText')}</label>
        <textarea
          id={smsId}
          className={`${inputClass} min-h-32`}
          value={sms}
          maxLength={500}
          disabled={getMsg.pending}
          onChange={(e) => setSms(e.target.value)}
        />
        <span className="text-sm text-muted">{t('ctl.smsCount', { n: sms.trim().length })}</span>
      </Dialog>
    </section>
  );
}
