/**
 * One structured logger (pino, JSON lines) with redaction: agent tokens and phone numbers never
 * reach a log line. Redaction by key covers structured fields; `scrubText` covers free text
 * such as URLs and error messages.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

/** One log method as the modules that take a narrow logger (`{ warn: LogFn }`) see it. */
export type LogFn = (fields: Record<string, unknown>, msg: string) => void;

const REDACT_PATHS = [
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'access_token',
  '*.access_token',
  'authorization',
  '*.authorization',
  'headers.cookie',
  'telephone',
  '*.telephone',
  'tel',
  '*.tel',
  'phone',
  '*.phone',
];

/** Mobile and landline-like digit runs (7+ digits), masked keeping the first 3 and last 4. */
const PHONE_RUN = /(?<!\d)(\d{3})\d{0,8}(\d{4})(?!\d)/g;
/** A monitor URL's query string is the token itself; `access_token=...` in REST URLs too. */
const URL_TOKEN = /(\/agent\/monitor\?)[^\s"'&]+|((?:access_)?token=)[^\s"'&]+/gi;

export function scrubText(text: string): string {
  return text
    .replace(URL_TOKEN, (_m, monitor: string | undefined, param: string | undefined) => `${monitor ?? param}***`)
    .replace(PHONE_RUN, (m, head: string, tail: string) => (m.length >= 7 ? `${head}****${tail}` : m));
}

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'floorboard' },
      redact: { paths: REDACT_PATHS, censor: '***' },
      formatters: {
        log(obj) {
          // Scrub string values one level deep (messages, urls, error texts).
          for (const [k, v] of Object.entries(obj)) {
            if (typeof v === 'string') obj[k] = scrubText(v);
          }
          return obj;
        },
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as typeof args;
          return method.apply(this, scrubbed);
        },
      },
      serializers: {
        err: (err: unknown) => {
          const s = pino.stdSerializers.err(err as Error);
          if (s && typeof s.message === 'string') s.message = scrubText(s.message);
          if (s && typeof s.stack === 'string') s.stack = scrubText(s.stack);
          return s;
        },
      },
    },
    options.destination,
  );
}
