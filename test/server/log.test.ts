import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubText } from '@/server/log';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, stream };
}

describe('logs never carry tokens or phone numbers', () => {
  it('LOG1: token fields and phone fields are redacted by key', () => {
    const { lines, stream } = capture();
    const log = createLogger({ destination: stream });
    log.info({ token: 'sekret-token-1', agent: { token: 'sekret-token-2', telephone: '13812345678' } }, 'hello');
    const out = lines.join('');
    expect(out).not.toContain('sekret-token');
    expect(out).not.toContain('13812345678');
  });

  it('LOG2: monitor URLs, token query parameters and phone numbers in free text are scrubbed', () => {
    expect(scrubText('ws://h:1/agent/monitor?abcdef123 closed')).toBe('ws://h:1/agent/monitor?*** closed');
    expect(scrubText('POST /admin/agent/hold?access_token=xyz&x=1')).toBe('POST /admin/agent/hold?access_token=***&x=1');
    expect(scrubText('call 13812345678 now')).toBe('call 138****5678 now');
    const { lines, stream } = capture();
    const log = createLogger({ destination: stream });
    log.warn({ url: 'ws://h/agent/monitor?tok999' }, 'link to ws://h/agent/monitor?tok999 failed for 13900001111');
    log.error({ err: new Error('fetch http://x/?access_token=tok999 failed') }, 'oops');
    const out = lines.join('');
    expect(out).not.toContain('tok999');
    expect(out).not.toContain('13900001111');
  });
});
