/**
 * What the simulated call system did, for tests (and later Floorboard's own tests) to
 * inspect: every REST request, and the effects that have no status to show for them.
 */

export interface RequestRecord {
  /** Epoch ms. */
  at: number;
  path: string;
  /** The agent whose token was presented; null for the admin endpoint or a refused token. */
  extno: string | null;
  /** Body and query parameters, the access token left out. */
  params: Record<string, string>;
  httpStatus: number;
  /** The envelope's code; null when the answer had no envelope. */
  code: number | null;
}

export interface BlacklistRecord {
  at: number;
  extno: string;
  infoUuid: string;
  /** The agent's call when the request came (null without one). */
  sessionId: string | null;
}

export interface SmsRecord {
  at: number;
  extno: string;
  telephone: string;
  msg: string;
}

export interface MeetingRecord {
  at: number;
  extno: string;
  sessionId: string;
  tel: string;
}

export interface AnnouncementRecord {
  at: number;
  msg: string;
  /** null: every agent. */
  extnos: string[] | null;
  /** Monitor sockets written to. */
  sent: number;
}

/** `requests` keeps the latest entries only, so a long demo does not grow without bound. */
export const REQUEST_LOG_LIMIT = 10_000;

export class SimRecords {
  readonly requests: RequestRecord[] = [];
  readonly blacklist: BlacklistRecord[] = [];
  readonly sms: SmsRecord[] = [];
  readonly meetings: MeetingRecord[] = [];
  readonly announcements: AnnouncementRecord[] = [];

  logRequest(entry: RequestRecord): void {
    this.requests.push(entry);
    if (this.requests.length > REQUEST_LOG_LIMIT * 1.1) {
      this.requests.splice(0, this.requests.length - REQUEST_LOG_LIMIT);
    }
  }

  /** Empties every record (between test cases sharing one simulator). */
  clear(): void {
    this.requests.length = 0;
    this.blacklist.length = 0;
    this.sms.length = 0;
    this.meetings.length = 0;
    this.announcements.length = 0;
  }
}
