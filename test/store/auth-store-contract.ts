/**
 * The `AuthStore` contract (server/auth/store.ts) as one suite any implementation runs:
 * MemoryAuthStore and PgAuthStore (PGlite and PostgreSQL) must give the same answers to the
 * same calls. Test ids AS-*, one file per row kind under auth-contract/. What only a database
 * does (constraints, foreign keys, the schema itself) is tested beside this, in auth-store.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import type { AuthStore } from '@/server/auth/store';
import { credentialRows } from './auth-contract/credentials';
import { guardRules } from './auth-contract/guards';
import { sessionRows } from './auth-contract/sessions';
import { userRows } from './auth-contract/users';

export interface ContractTarget {
  /** Once, before the suite. */
  setup(): Promise<void>;
  /** A store holding no rows (before every test). */
  fresh(): Promise<AuthStore>;
  /** Everything the store holds, as text (to look for secrets in it). */
  dump(): Promise<string>;
  teardown(): Promise<void>;
}

export function authStoreContract(name: string, target: ContractTarget): void {
  describe(`AuthStore contract: ${name}`, () => {
    let store: AuthStore;
    // PGlite takes seconds to start, far more on a loaded machine.
    beforeAll(() => target.setup(), 120_000);
    afterAll(() => target.teardown());
    beforeEach(async () => {
      store = await target.fresh();
    });
    const get = () => store;
    userRows(get);
    sessionRows(get);
    credentialRows(get);
    guardRules(get, target);
  });
}
