/**
 * Fault switches that tests flip on the handle (`sim.faults`). Kept in one small state
 * object that the monitor hub and the REST pipeline consult on every frame / request.
 */

/** A REST fault: answer with an HTTP error status, or answer late. */
export type RestFault = { status: number } | { delayMs: number };

export class FaultState {
  /** Feed paused: sockets stay open, no frames are written. */
  paused = false;
  private refuseAll = false;
  private readonly refused = new Set<string>();
  private readonly rest = new Map<string, RestFault>();

  /** Whether this agent's token is refused (monitor upgrade 401, REST 401). */
  isRefused(extno: string): boolean {
    return this.refuseAll || this.refused.has(extno);
  }

  refuse(which: 'all' | readonly string[] | null): void {
    this.refuseAll = which === 'all';
    this.refused.clear();
    if (Array.isArray(which)) for (const extno of which) this.refused.add(extno);
  }

  setRestFault(path: string, fault: RestFault | null): void {
    if (fault) this.rest.set(path, fault);
    else this.rest.delete(path);
  }

  clearRestFaults(): void {
    this.rest.clear();
  }

  /** The fault for a path: its own, else the one set for every path ('*'). */
  restFault(path: string): RestFault | undefined {
    return this.rest.get(path) ?? this.rest.get('*');
  }
}
