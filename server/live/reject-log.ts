/**
 * Rejected upstream frames, kept for operators: counts per reason and per agent, and the last
 * few samples (already truncated and digit-masked by the decoder). Bounded whatever arrives.
 */
import type { RejectReason } from '@/server/upstream/frames';

export interface RejectSample {
  at: number;
  extno: string;
  reason: RejectReason;
  detail: string;
}

export class RejectLog {
  private readonly byReason = new Map<RejectReason, number>();
  private readonly byAgent = new Map<string, number>();
  private readonly samples: RejectSample[] = [];
  private total = 0;

  constructor(private readonly maxSamples = 100) {}

  record(sample: RejectSample): void {
    this.total++;
    this.byReason.set(sample.reason, (this.byReason.get(sample.reason) ?? 0) + 1);
    this.byAgent.set(sample.extno, (this.byAgent.get(sample.extno) ?? 0) + 1);
    this.samples.push(sample);
    if (this.samples.length > this.maxSamples) this.samples.shift();
  }

  forget(extno: string): void {
    this.byAgent.delete(extno);
  }

  summary(topAgents = 20): {
    total: number;
    byReason: Record<string, number>;
    topAgents: { extno: string; count: number }[];
    samples: RejectSample[];
  } {
    const agents = [...this.byAgent.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, topAgents)
      .map(([extno, count]) => ({ extno, count }));
    return { total: this.total, byReason: Object.fromEntries(this.byReason), topAgents: agents, samples: [...this.samples] };
  }
}
