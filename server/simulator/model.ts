/**
 * The dynamics model of an outbound predictive floor (docs/simulator.md, "Dynamics").
 * All durations are SIMULATED seconds; `speed` divides them into real time elsewhere.
 * Defaults follow /work/shared/domain-notes.md: a talk-time mix with a mean near 95 s,
 * wrap-up mostly 10-60 s with a few agents forgetting the form, idle gaps of seconds,
 * breaks as sign-outs and team-wide dialler starvation now and then; together about
 * 25-30 connected calls per signed-in agent-hour.
 */
import { z } from 'zod';
import { type Rng } from './prng';

const talkBand = z.object({
  /** Share of calls in this band (the shares are normalised). */
  share: z.number().positive(),
  medianSec: z.number().positive(),
  /** Sigma of the log-normal's underlying normal: spread around the median. */
  sigma: z.number().min(0).max(3),
});

export const dynamicsModelSchema = z.object({
  /** Agents sign in at a uniform random moment within this many seconds of the start. */
  signInSpreadSec: z.number().min(0).default(90),
  /** Idle wait before the dialler connects the next call: min + exponential(mean). */
  idleMinSec: z.number().min(0).default(1),
  idleMeanSec: z.number().min(0).default(3),
  /** Talk-time mix: brush-offs, conversations, long calls. */
  talkBands: z
    .array(talkBand)
    .min(1)
    .default([
      { share: 0.45, medianSec: 15, sigma: 0.5 },
      { share: 0.4, medianSec: 90, sigma: 0.5 },
      { share: 0.15, medianSec: 300, sigma: 0.4 },
    ]),
  talkMinSec: z.number().min(0).default(3),
  talkMaxSec: z.number().positive().default(1200),
  /** Wrap-up: log-normal clamped to [min, max]. */
  wrapMedianSec: z.number().min(0).default(20),
  wrapSigma: z.number().min(0).max(3).default(0.5),
  wrapMinSec: z.number().min(0).default(5),
  wrapMaxSec: z.number().min(0).default(90),
  /** Share of wrap-ups where the agent forgets to submit the form, and for how long. */
  wrapForgetShare: z.number().min(0).max(1).default(0.03),
  wrapForgetMinSec: z.number().min(0).default(180),
  wrapForgetMaxSec: z.number().min(0).default(600),
  /** After a call, the chance the agent signs out for a break, and the break's length. */
  breakShare: z.number().min(0).max(1).default(0.025),
  breakMinSec: z.number().min(0).default(300),
  breakMaxSec: z.number().min(0).default(900),
  /** Per team: mean gap between dialler-starvation spells, and a spell's length. */
  starvationGapMeanSec: z.number().positive().default(1800),
  starvationMinSec: z.number().min(0).default(30),
  starvationMaxSec: z.number().min(0).default(180),
  /** After a spell, idle agents get calls again after an exponential wait of this mean. */
  starvationRecoverMeanSec: z.number().min(0).default(4),
});

export type DynamicsModel = z.infer<typeof dynamicsModelSchema>;
export type DynamicsModelInput = z.input<typeof dynamicsModelSchema>;

export const DEFAULT_MODEL: DynamicsModel = dynamicsModelSchema.parse({});

/** Draws the model's durations (simulated seconds) from one seeded stream. */
export class ModelSampler {
  private readonly cumulative: number[];

  constructor(
    private readonly model: DynamicsModel,
    private readonly rng: Rng,
  ) {
    const total = model.talkBands.reduce((sum, b) => sum + b.share, 0);
    let acc = 0;
    this.cumulative = model.talkBands.map((b) => (acc += b.share / total));
  }

  signInDelay(): number {
    return this.rng.next() * this.model.signInSpreadSec;
  }

  idleWait(): number {
    return this.model.idleMinSec + this.rng.exp(this.model.idleMeanSec);
  }

  talkTime(): number {
    const u = this.rng.next();
    let band = this.model.talkBands[this.model.talkBands.length - 1];
    for (let i = 0; i < this.cumulative.length; i++) {
      if (u < (this.cumulative[i] as number)) {
        band = this.model.talkBands[i];
        break;
      }
    }
    if (!band) return this.model.talkMinSec;
    const t = this.rng.lognormal(band.medianSec, band.sigma);
    return Math.min(this.model.talkMaxSec, Math.max(this.model.talkMinSec, t));
  }

  wrapTime(): number {
    if (this.rng.next() < this.model.wrapForgetShare) {
      return this.rng.uniform(this.model.wrapForgetMinSec, this.model.wrapForgetMaxSec);
    }
    const t = this.rng.lognormal(this.model.wrapMedianSec, this.model.wrapSigma);
    return Math.min(this.model.wrapMaxSec, Math.max(this.model.wrapMinSec, t));
  }

  /** Whether the agent takes a break after submitting this wrap-up. */
  takesBreak(): boolean {
    return this.rng.next() < this.model.breakShare;
  }

  breakLength(): number {
    return this.rng.uniform(this.model.breakMinSec, this.model.breakMaxSec);
  }

  starvationGap(): number {
    return this.rng.exp(this.model.starvationGapMeanSec);
  }

  starvationLength(): number {
    return this.rng.uniform(this.model.starvationMinSec, this.model.starvationMaxSec);
  }

  starvationRecovery(): number {
    return this.rng.exp(this.model.starvationRecoverMeanSec);
  }
}
