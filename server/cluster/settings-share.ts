/**
 * Alert rules and colour thresholds across web nodes (rule CL6). Both live in the shared
 * PostgreSQL, but each web node reads them into memory (its alert engine, its boards' table). An
 * edit on one node sends the others a notice with Socket.IO's `serverSideEmit`, and each re-reads
 * the edited setting from the database. The notice names only *what* changed, never the values:
 * a malformed or forged one can at most cause a re-read, never put settings in.
 *
 * `serverSideEmit` is Redis pub/sub: a notice sent while Redis is down waits in the sender's
 * connection queue (the adapter's connection queues while down) and goes out when it is back,
 * but a node that was cut off misses what was published meanwhile. So when this node's Redis
 * connection comes back it re-reads every setting.
 */
import type { Server } from 'socket.io';
import { z } from 'zod';
import type { Redis } from './redis';
import type { LogFn } from '@/server/log';

export const SETTINGS_EVENT = 'cluster:settings-changed';

const SETTINGS = ['rules', 'thresholds'] as const;
export type SharedSetting = (typeof SETTINGS)[number];
const noticeSchema = z.strictObject({ setting: z.enum(SETTINGS) });

/** One shared setting: how this node hears its own edits and re-reads the shared copy. */
export interface SettingSource {
  onChange(listener: () => void): () => void;
  reload(): Promise<void>;
}

export interface SettingsShare {
  stats(): { sent: number; reloaded: number; rejected: number };
  close(): void;
}

export function shareSettings(opts: {
  io: Server;
  /** The adapter's command connection: its reconnection triggers the catch-up re-read. */
  redis: Redis;
  sources: Partial<Record<SharedSetting, SettingSource>>;
  log: { info: LogFn; warn: LogFn };
}): SettingsShare {
  const { io, redis, log } = opts;
  const counts = { sent: 0, reloaded: 0, rejected: 0 };
  const entries = Object.entries(opts.sources) as [SharedSetting, SettingSource][];

  const reload = (setting: SharedSetting, why: string): void => {
    const source = opts.sources[setting];
    if (!source) return;
    source.reload().then(
      () => {
        counts.reloaded += 1;
        log.info({ setting, why }, 'shared setting re-read');
      },
      (err: unknown) => log.warn({ setting, why, err: err instanceof Error ? err.message : String(err) }, 'shared setting could not be re-read'),
    );
  };

  const announce = (setting: SharedSetting): void => {
    io.serverSideEmit(SETTINGS_EVENT, { setting });
    counts.sent += 1;
  };
  const offs = entries.map(([setting, source]) => source.onChange(() => announce(setting)));

  const onNotice = (raw: unknown): void => {
    const parsed = noticeSchema.safeParse(raw);
    if (!parsed.success) {
      counts.rejected += 1;
      log.warn({ issue: parsed.error.issues[0]?.message }, 'shared settings notice refused');
      return;
    }
    reload(parsed.data.setting, 'edited on another web node');
  };
  io.on(SETTINGS_EVENT, onNotice);

  // ioredis emits `close` when a connection drops and `ready` each time it is usable again.
  let lost = false;
  const onClose = (): void => {
    lost = true;
  };
  const onReady = (): void => {
    if (!lost) return;
    lost = false;
    for (const [setting] of entries) reload(setting, 'redis back');
  };
  redis.on('close', onClose);
  redis.on('ready', onReady);

  return {
    stats: () => ({ ...counts }),
    close() {
      for (const off of offs) off();
      io.off(SETTINGS_EVENT, onNotice);
      redis.off('close', onClose);
      redis.off('ready', onReady);
    },
  };
}
