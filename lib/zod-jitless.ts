/**
 * In the browser, zod runs without its JIT. Zod 4 probes `new Function('')` once to decide
 * whether it may compile fast parsers; under our CSP (no 'unsafe-eval', docs/security.md HG-4)
 * the probe is blocked, and the browser reports a `securitypolicyviolation` even though zod
 * catches the error. `jitless` skips the probe. The server keeps the JIT (no CSP applies there).
 *
 * Every module that defines schemas the browser loads imports this first, for its side effect,
 * so the setting is in place before any schema is built or parsed.
 */
import { z } from 'zod';

if (typeof window !== 'undefined') z.config({ jitless: true });
