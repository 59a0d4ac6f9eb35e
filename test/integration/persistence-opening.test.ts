/**
 * The live path never waits for the database: control actions and announcements taken while the
 * history store is still opening (PGlite's first start takes seconds) are answered at once, are
 * visible in the audit at once (from memory), and are in the database once it is open. The
 * control plane is the real one, against a fake call system; the store is a real PGlite.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseControlConfig } from '@/server/control/config';
import { createControlPlane, type ControlPlane } from '@/server/control/index';
import { wirePersistence, type Persistence } from '@/server/persist/wiring';
import { openStore, type Store } from '@/server/store/index';
import { PgAnnouncementStore } from '@/server/store/pg-announcement-store';
import { PgAuditStore } from '@/server/store/pg-audit-store';
import { act, actors, fakeFloor, startFakeCallSystem, type FakeCallSystem } from '../control/control-test-kit';
import { silentLog } from '../store/helpers';

let fake: FakeCallSystem | null = null;
let plane: ControlPlane | null = null;
let persist: Persistence | null = null;
let store: Store | null = null;
afterEach(async () => {
  plane?.close();
  await persist?.close();
  await store?.close();
  await fake?.close();
  fake = plane = persist = store = null;
});

describe('records made while the history store opens', () => {
  it('P-3: actions and an announcement taken before the store is open are audited at once and stored once it opens', async () => {
    fake = await startFakeCallSystem();
    let open!: (s: Store) => void;
    const ready = new Promise<Store>((resolve) => (open = resolve));
    persist = wirePersistence({ ready, log: silentLog, timeZone: 'Asia/Shanghai' });
    const floor = fakeFloor();
    plane = createControlPlane({
      baseUrl: fake.url,
      config: parseControlConfig({ CALL_SYSTEM_ADMIN_TOKEN: 'admin-token' }),
      agent: floor.agent,
      agents: floor.list,
      applyControl: floor.applyControl,
      actorFor: () => null,
      audit: persist.audit,
      announcementStore: persist.announcements,
    });

    expect(await plane.pipeline.act(actors.manager, act('hold', '1001'))).toMatchObject({ ok: true });
    expect(await plane.pipeline.act(actors.leadB, act('hold', '1002'))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const sent = await plane.announcements.send(actors.manager, { requestId: randomUUID(), text: '开会', audience: { kind: 'teams', teams: ['A'] } });
    expect(sent).toMatchObject({ ok: true });
    const before = (await plane.audit.query({ limit: 10 })).records;
    expect(before.map((r) => [r.action, r.result])).toEqual([
      ['announce', 'ok'],
      ['hold', 'denied'],
      ['hold', 'ok'],
    ]);
    expect(persist.stats().audit).toMatchObject({ state: 'waiting', queued: 3, written: 0, dropped: 0 });

    store = await openStore({ dataDir: 'memory://', log: silentLog, retentionDays: 0 });
    open(store);
    expect(await persist.flush(15_000)).toBe(true);

    // A reader of the database alone (as after a restart) sees the same records and the announcement.
    expect((await new PgAuditStore(store.db).query({ limit: 10 })).records).toEqual(before);
    const id = sent.ok ? sent.data.id : '';
    expect((await new PgAnnouncementStore(store.db).get(id))?.recipients.sort()).toEqual(['1001', '1002']);
    // And the wrapper answers from the database merged with anything newer.
    await plane.pipeline.act(actors.manager, act('hold', '1001'));
    expect((await plane.audit.query({ limit: 10 })).records.map((r) => r.action)).toEqual(['hold', 'announce', 'hold', 'hold']);
  }, 120_000);
});
