/**
 * The browser's alert store (lib/client/alert-store.ts) and when the board calls for attention
 * (lib/client/alert-attention.ts), against hand-built alerts: no sockets.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Alert } from '@/lib/alerts/types';
import { AttentionTracker, repeatingAlerts } from '@/lib/client/alert-attention';
import { beepWav } from '@/lib/client/alert-sound';
import { AlertStore, markOf } from '@/lib/client/alert-store';
import { T0 } from './fixtures';

function agentAlert(id: string, extno: string, over: Partial<Alert> = {}): Alert {
  return {
    id,
    ruleId: 'wrap-5m',
    kind: 'wrap_up_long',
    severity: 'warning',
    subject: { kind: 'agent', extno, name: `Agent ${extno}`, team: 'A' },
    teams: ['A'],
    agents: [extno],
    summaryId: null,
    openedAt: T0,
    attentionAt: T0,
    acknowledged: null,
    closedAt: null,
    closeReason: null,
    message: { key: 'wrap_up_long.agent', params: { team: 'A', name: `Agent ${extno}`, extno, seconds: 300 } },
    speech: { 'zh-CN': 'zh', en: 'en' },
    ...over,
  };
}

function teamAlert(id: string, over: Partial<Alert> = {}): Alert {
  return agentAlert(id, 'x', {
    subject: { kind: 'team', team: 'A', summary: true },
    agents: ['8001', '8002'],
    message: { key: 'wrap_up_long.team', params: { team: 'A', count: 2, seconds: 300 } },
    ...over,
  });
}

const batch = (...alerts: Alert[]) => ({ serverTime: T0, alerts });

describe('alert store', () => {
  it('snapshot replaces, opened/updated upsert, closed removes', () => {
    const s = new AlertStore();
    s.applySnapshot(batch(teamAlert('t1'), agentAlert('a1', '8001')));
    expect(s.getAll().map((a) => a.id).sort()).toEqual(['a1', 't1']);
    s.applyOpened(batch(agentAlert('a2', '8002')));
    expect(s.getAll()).toHaveLength(3);
    s.applyUpdated(batch(agentAlert('a2', '8002', { severity: 'critical' })));
    expect(s.get('a2')?.severity).toBe('critical');
    s.applyClosed(batch(agentAlert('a1', '8001', { closedAt: T0 + 1, closeReason: 'cleared' })));
    expect(s.get('a1')).toBeUndefined();
    // A reconnect's snapshot replaces everything.
    s.applySnapshot(batch(agentAlert('a9', '8009')));
    expect(s.getAll().map((a) => a.id)).toEqual(['a9']);
    expect(s.getBanner()).toEqual([]);
    expect(s.getAgentMark('8002')).toBeNull();
    expect(s.getAgentMark('8009')).toBe('warning');
  });

  it('banner: banner alerts only, by severity then attentionAt; the same array until one changes', () => {
    const s = new AlertStore();
    s.applySnapshot(
      batch(
        teamAlert('w-late', { attentionAt: T0 + 5 }),
        teamAlert('w-early', { attentionAt: T0 + 1 }),
        teamAlert('c', { severity: 'critical', attentionAt: T0 + 9 }),
        agentAlert('a1', '8001'),
        { ...teamAlert('floor'), subject: { kind: 'floor' }, severity: 'info', attentionAt: T0 },
      ),
    );
    expect(s.getBanner().map((a) => a.id)).toEqual(['c', 'w-early', 'w-late', 'floor']);
    const before = s.getBanner();
    const l = vi.fn();
    s.subscribeBanner(l);
    s.applyUpdated(batch(agentAlert('a1', '8001', { severity: 'critical' })));
    expect(s.getBanner()).toBe(before);
    expect(l).not.toHaveBeenCalled();
    s.applyClosed(batch(teamAlert('c')));
    expect(l).toHaveBeenCalledTimes(1);
    expect(s.getBanner().map((a) => a.id)).toEqual(['w-early', 'w-late', 'floor']);
  });

  it('per-agent mark: highest severity, acknowledged only when all of that severity are; listeners of that agent only', () => {
    const s = new AlertStore();
    const l1 = vi.fn();
    const l2 = vi.fn();
    s.subscribeAgent('8001', l1);
    s.subscribeAgent('8002', l2);
    s.applyOpened(batch(agentAlert('w', '8001')));
    expect(s.getAgentMark('8001')).toBe('warning');
    expect(l1).toHaveBeenCalledTimes(1);
    expect(l2).not.toHaveBeenCalled();
    s.applyOpened(batch(agentAlert('c', '8001', { severity: 'critical', ruleId: 'wrap-10m' })));
    expect(s.getAgentMark('8001')).toBe('critical');
    expect(l1).toHaveBeenCalledTimes(2);
    // A change that leaves the mark as it was tells nobody.
    s.applyUpdated(batch(agentAlert('w', '8001', { acknowledged: { by: { id: 'u', name: 'U' }, at: T0 } })));
    expect(l1).toHaveBeenCalledTimes(2);
    s.applyUpdated(batch(agentAlert('c', '8001', { severity: 'critical', acknowledged: { by: { id: 'u', name: 'U' }, at: T0 } })));
    expect(s.getAgentMark('8001')).toBe('critical:ack');
    s.applyClosed(batch(agentAlert('c', '8001')));
    expect(s.getAgentMark('8001')).toBe('warning:ack');
    s.applyClosed(batch(agentAlert('w', '8001')));
    expect(s.getAgentMark('8001')).toBeNull();
    expect(l2).not.toHaveBeenCalled();
    // Summaries (banner) do not mark tiles; their agents' own alerts do.
    s.applyOpened(batch(teamAlert('t')));
    expect(s.getAgentMark('8002')).toBeNull();
  });

  it('markOf', () => {
    expect(markOf([])).toBeNull();
    expect(markOf([agentAlert('a', '1', { severity: 'info' }), agentAlert('b', '1', { severity: 'warning', acknowledged: { by: { id: 'u', name: 'U' }, at: T0 } })])).toBe(
      'warning:ack',
    );
  });

  it('acknowledge: sends alert:ack, applies the answer; ALERT_CLOSED drops the alert; no socket answers NOT_CONNECTED', async () => {
    const s = new AlertStore();
    s.applySnapshot(batch(teamAlert('t'), teamAlert('gone')));
    expect((await s.acknowledge('t')).ok).toBe(false);
    const sent: string[] = [];
    s.setSender(async (req) => {
      sent.push(req.alertId);
      if (req.alertId === 'gone') return { ok: false, code: 'ALERT_CLOSED', message: 'closed' };
      return { ok: true, data: teamAlert(req.alertId, { acknowledged: { by: { id: 'u', name: 'Lead' }, at: T0 + 1 } }) };
    });
    expect((await s.acknowledge('t')).ok).toBe(true);
    expect(s.get('t')?.acknowledged?.by.name).toBe('Lead');
    const r = await s.acknowledge('gone');
    expect(r.ok).toBe(false);
    expect(s.get('gone')).toBeUndefined();
    expect(sent).toEqual(['t', 'gone']);
  });
});

describe('attention', () => {
  it('announces a loud, unacknowledged banner alert once per attentionAt', () => {
    const tr = new AttentionTracker();
    const a = teamAlert('t');
    expect(tr.take([a]).map((x) => x.id)).toEqual(['t']);
    expect(tr.take([a])).toEqual([]);
    // A new agent joined the summary: attentionAt moved.
    expect(tr.take([{ ...a, attentionAt: T0 + 10 }])).toHaveLength(1);
    // Leaving does not move it; acknowledged and info alerts stay silent.
    expect(tr.take([{ ...a, attentionAt: T0 + 10 }])).toEqual([]);
    expect(tr.take([teamAlert('ack', { acknowledged: { by: { id: 'u', name: 'U' }, at: T0 } })])).toEqual([]);
    expect(tr.take([teamAlert('info', { severity: 'info' })])).toEqual([]);
  });

  it('critical and unacknowledged alerts repeat', () => {
    expect(repeatingAlerts([teamAlert('w'), teamAlert('c', { severity: 'critical' })]).map((a) => a.id)).toEqual(['c']);
  });

  it('the beep is a valid PCM WAV', () => {
    const wav = beepWav({ tones: [880], toneMs: 100, sampleRate: 8000 });
    const text = (from: number) => String.fromCharCode(...wav.subarray(from, from + 4));
    expect(text(0)).toBe('RIFF');
    expect(text(8)).toBe('WAVE');
    expect(wav.length).toBe(44 + 800 * 2);
  });
});
