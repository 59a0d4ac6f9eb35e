/**
 * Joins the history store to the live floor. The floor never waits for the database: the store
 * opens in the background (PGlite's first start takes seconds) while changes are kept in a
 * bounded buffer, then every changed agent's records go to the batched recorder.
 */
import type { Logger } from '@/server/log';
import type { Metrics } from '@/server/metrics';
import { type RecordItem, type Store, deriveRecords, openStore } from '@/server/store/index';
import { clearLastStates } from '@/server/store/repos/last-states';
import type { FloorService } from './floor-service';

export interface HistoryWiring {
  /** Resolves once the store is open and migrated (rejects if it cannot open). */
  ready: Promise<Store>;
  store(): Store | null;
  stats(): { state: 'opening' | 'open' | 'failed'; buffered: number; bufferDropped: number; recorder: ReturnType<Store['recorder']['stats']> | null };
  close(): Promise<void>;
}

export function wireHistory(deps: {
  floor: FloorService;
  databaseUrl?: string;
  dataDir: string;
  retentionDays: number;
  queueCapacity: number;
  log: Logger;
  metrics: Metrics;
  /** Record the floor's changes (default). A cluster web node reads only: its gateways record. */
  record?: boolean;
  /**
   * A cluster gateway handing an agent over to another gateway, or taking one over (rule CL5):
   * that step is not news for the history (the call goes on, recorded by whoever holds it), so
   * nothing is derived from it.
   */
  handingOver?: (extno: string) => boolean;
}): HistoryWiring {
  const { floor, log } = deps;
  let store: Store | null = null;
  let state: 'opening' | 'open' | 'failed' = 'opening';
  /** Records made while the store opens; bounded, and what overflows is counted, never silent. */
  const early: RecordItem[] = [];
  const earlyLimit = 50_000;
  let earlyDropped = 0;

  const record = (item: RecordItem): void => {
    if (store) return store.recorder.record(item);
    if (early.length < earlyLimit) early.push(item);
    else earlyDropped++;
  };
  const unsubscribe =
    deps.record === false
      ? () => undefined
      : floor.onAgentChange((prev, next, now) => {
          if (deps.handingOver?.((next ?? prev)!.extno)) return;
          for (const item of deriveRecords(prev, next, now)) record(item);
        });

  const ready = openStore({
    databaseUrl: deps.databaseUrl,
    dataDir: deps.dataDir,
    log,
    retentionDays: deps.retentionDays,
    recorder: {
      capacity: deps.queueCapacity,
      onAlarm: (alarm) => log.warn({ alarm }, 'history recorder alarm'),
    },
  }).then(
    async (opened) => {
      // States left open by a previous run cannot be trusted as still running.
      await clearLastStates(opened.db, [...floor.state.agents.keys()]);
      store = opened;
      state = 'open';
      for (const item of early.splice(0)) opened.recorder.record(item);
      if (earlyDropped > 0) log.error({ dropped: earlyDropped }, 'history records dropped while the store was opening');
      log.info({ driver: opened.db.driver, migration: opened.migration }, 'history store open');
      return opened;
    },
    (err: unknown) => {
      state = 'failed';
      log.error({ err }, 'history store failed to open: the live board runs on, history is not recorded');
      throw err;
    },
  );
  // The boot decides what to do with a failure; an unobserved rejection must not crash the process.
  ready.catch(() => undefined);

  return {
    ready,
    store: () => store,
    stats: () => ({ state, buffered: early.length, bufferDropped: earlyDropped, recorder: store?.recorder.stats() ?? null }),
    async close() {
      unsubscribe();
      await ready.then(
        (s) => s.close(),
        () => undefined,
      );
    },
  };
}
