/**
 * Every migration, in order. Append new ones here (never edit an applied one: a database
 * that ran it keeps the old text, see docs/storage.md).
 */
import { migration001 } from './001-initial';
import { migration002 } from './002-auth-store';
import { migration003 } from './003-control-records';
import { migration004 } from './004-user-phone';
import type { Migration } from './types';

export type { Migration };

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004];
