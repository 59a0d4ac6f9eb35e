/**
 * An in-memory FloorReadModel for the fan-out tests. Mutations report what changed to the
 * `onChange` listener, the way the reducer's `changed` / `removed` reach the fan-out.
 */
import type { AgentView, Announcement, CallDetail } from '@/lib/protocol';
import type { FloorReadModel } from '@/server/state/broadcaster-read-model';

export function makeAgent(extno: string, team: string, overrides: Partial<AgentView> = {}): AgentView {
  return {
    extno,
    name: `Agent ${extno}`,
    team,
    status: 'idle',
    stateSince: 1_000,
    link: 'live',
    linkSince: 1_000,
    lastFrameAt: 1_000,
    call: null,
    today: { calls: 0, talkSeconds: 0, wrapSeconds: 0, longestIdleSeconds: 0 },
    pendingSignOut: false,
    ...overrides,
  };
}

export function makeDetail(extno: string, sessionId: string, overrides: Partial<CallDetail> = {}): CallDetail {
  return {
    extno,
    sessionId,
    city: '浙江-杭州',
    connectedAt: 2_000,
    endedAt: null,
    held: false,
    customer: {
      uuid: `u-${sessionId}`,
      name: '张三',
      phoneMasked: '138****5678',
      projectId: 1,
      taskId: 2,
      group: 'A',
      ownerExtno: extno,
      recordStatus: 0,
      editStamp: '2024-01-01 10:00:00',
      importStamp: '2024-01-01 09:00:00',
      fields: { ok: true, values: { note: 'hello' } },
    },
    ...overrides,
  };
}

export class FakeFloor implements FloorReadModel {
  readonly agents = new Map<string, AgentView>();
  readonly details = new Map<string, CallDetail>();
  readonly notices: Announcement[] = [];
  onChange: ((changed: string[], removed: string[], detailChanged: string[]) => void) | undefined;

  view(extno: string): AgentView | undefined {
    return this.agents.get(extno);
  }

  team(extno: string): string | undefined {
    return this.agents.get(extno)?.team;
  }

  allExtnos(): Iterable<string> {
    return this.agents.keys();
  }

  callDetail(extno: string): CallDetail | null {
    return this.details.get(extno) ?? null;
  }

  announcements(): readonly Announcement[] {
    return this.notices;
  }

  /** Add or replace agents without notifying (initial roster). */
  seed(views: readonly AgentView[]): this {
    for (const v of views) this.agents.set(v.extno, v);
    return this;
  }

  upsert(view: AgentView): void {
    this.agents.set(view.extno, view);
    this.onChange?.([view.extno], [], []);
  }

  /** Change some fields of an agent (a new object, as the reducer produces). */
  patch(extno: string, change: Partial<AgentView>): AgentView {
    const current = this.agents.get(extno);
    if (current === undefined) throw new Error(`no agent ${extno}`);
    const next = { ...current, ...change };
    this.agents.set(extno, next);
    this.onChange?.([extno], [], []);
    return next;
  }

  remove(extno: string): void {
    this.agents.delete(extno);
    this.details.delete(extno);
    this.onChange?.([], [extno], []);
  }

  setDetail(extno: string, detail: CallDetail | null): void {
    if (detail === null) this.details.delete(extno);
    else this.details.set(extno, detail);
    this.onChange?.([], [], [extno]);
  }

  /** Views of the given teams (or all), sorted by extno: what a board should end up showing. */
  expected(teams: '*' | readonly string[] = '*'): AgentView[] {
    const views = [...this.agents.values()].filter((v) => teams === '*' || teams.includes(v.team));
    return views.sort((a, b) => a.extno.localeCompare(b.extno));
  }
}

/** `count` agents named 1000, 1001, ... spread round-robin over `teams`. */
export function roster(count: number, teams: readonly string[]): AgentView[] {
  return Array.from({ length: count }, (_, i) => makeAgent(String(1000 + i), teams[i % teams.length] ?? 'A'));
}
