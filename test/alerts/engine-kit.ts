/**
 * Helpers for the pure engine tests: a fake floor (agents and a call clock) driven by a fake
 * clock, rules parsed by the real schema, and a runner that ticks once a second.
 */
import { alertRuleSchema, type AlertRule, type AlertRuleInput } from '@/lib/alerts/rules';
import type { Alert } from '@/lib/alerts/types';
import type { AgentStatus, LinkState } from '@/lib/domain/status';
import { createEngineState, evaluate, type AlertAgentInput, type AlertFloorInput, type EngineState, type EvaluateResult } from '@/server/alerts/engine';

/** Monday 2025-01-06 10:00:00 UTC; tests run the engine in UTC so local times read plainly. */
export const T0 = Date.UTC(2025, 0, 6, 10, 0, 0);
export const TZ = 'UTC';
export const SEC = 1000;
export const MIN = 60_000;

export function rule(input: Partial<AlertRuleInput> & Pick<AlertRuleInput, 'kind' | 'params'>): AlertRule {
  return alertRuleSchema.parse({ id: `r-${input.kind.replace(/_/g, '-')}`, severity: 'warning', ...input });
}

export class FakeFloor implements AlertFloorInput {
  readonly agents = new Map<string, AlertAgentInput>();
  private readonly lastCall = new Map<string, number>();

  constructor(private readonly watchingSince = T0) {}

  /** Put an agent on the floor (replacing it, as the reducer replaces AgentStates). */
  set(extno: string, team: string, status: AgentStatus, stateSince: number, link: LinkState = 'live', linkSince = T0 - 3600 * SEC): this {
    this.agents.set(extno, { extno, name: `坐席${extno}`, team, status, stateSince, link, linkSince });
    return this;
  }

  patch(extno: string, change: Partial<AlertAgentInput>): this {
    const a = this.agents.get(extno);
    if (!a) throw new Error(`no agent ${extno}`);
    this.agents.set(extno, { ...a, ...change });
    return this;
  }

  call(team: string, at: number): this {
    this.lastCall.set(team, at);
    return this;
  }

  callsQuietSince(teams: ReadonlySet<string> | null): number {
    let last = this.watchingSince;
    for (const [team, at] of this.lastCall) if ((teams === null || teams.has(team)) && at > last) last = at;
    return last;
  }
}

/** Drives the engine with a fake clock, one tick per `step` call, collecting everything it emits. */
export class Runner {
  state: EngineState = createEngineState('t-');
  now: number;
  readonly opened: Alert[] = [];
  readonly updated: Alert[] = [];
  readonly closed: Alert[] = [];

  constructor(
    readonly floor: FakeFloor,
    public rules: readonly AlertRule[],
    start = T0,
    readonly timeZone = TZ,
  ) {
    this.now = start;
  }

  tick(): EvaluateResult {
    const r = evaluate(this.state, this.floor, this.rules, this.now, this.timeZone);
    this.state = r.engineState;
    this.opened.push(...r.opened);
    this.updated.push(...r.updated);
    this.closed.push(...r.closed);
    return r;
  }

  /** Advance the clock by `ms` in one-second ticks (the service's period). */
  advance(ms: number): void {
    const end = this.now + ms;
    while (this.now < end) {
      this.now = Math.min(end, this.now + SEC);
      this.tick();
    }
  }

  /** Open alerts by id from the engine state. */
  open(): Alert[] {
    const out: Alert[] = [];
    for (const rt of this.state.runtimes.values()) {
      for (const t of rt.tracks.values()) if (t.alert) out.push(t.alert);
      for (const s of rt.summaries.values()) out.push(s.alert);
    }
    return out;
  }

  openAgent(extno: string, ruleId?: string): Alert | undefined {
    return this.open().find((a) => a.subject.kind === 'agent' && a.subject.extno === extno && (ruleId === undefined || a.ruleId === ruleId));
  }

  summary(team: string, ruleId?: string): Alert | undefined {
    return this.open().find((a) => a.subject.kind === 'team' && a.subject.summary && a.subject.team === team && (ruleId === undefined || a.ruleId === ruleId));
  }
}
