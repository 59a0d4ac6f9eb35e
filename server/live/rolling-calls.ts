/**
 * Calls connected in a rolling window (the header's "calls in the last 15 minutes"), per team.
 * A board cannot derive it from agent views, which carry only today's totals.
 */
export class RollingCalls {
  /** Per team: connect times, oldest first. */
  private readonly byTeam = new Map<string, number[]>();

  constructor(readonly windowMs = 15 * 60_000) {}

  add(team: string, at: number): void {
    let list = this.byTeam.get(team);
    if (!list) this.byTeam.set(team, (list = []));
    list.push(at);
  }

  /** Calls within the window ending at `now`, for all teams or the given ones. */
  count(now: number, teams: '*' | readonly string[]): number {
    const from = now - this.windowMs;
    let total = 0;
    const names = teams === '*' ? [...this.byTeam.keys()] : teams;
    for (const team of names) {
      const list = this.byTeam.get(team);
      if (!list) continue;
      // Drop what fell out of the window; the lists stay at most one window long.
      let drop = 0;
      while (drop < list.length && list[drop]! < from) drop++;
      if (drop > 0) list.splice(0, drop);
      total += list.length;
    }
    return total;
  }
}
