/**
 * Status icons: a distinct shape per status so the board never relies on colour alone.
 * Drawn here (24-unit grid, stroke in currentColor) to keep the bundle free of an icon set.
 */
import type { AgentStatus } from '@/lib/domain/status';

export type IconName = AgentStatus | 'no_data' | 'held' | 'alert' | 'live' | 'offline' | 'link_off';

const PATHS: Readonly<Record<IconName, readonly string[]>> = {
  // a clock: waiting for a call
  idle: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M12 7v5l3.5 2'],
  // a handset
  on_call: [
    'M5 3.5h3.5l2 5-2.6 1.6a11 11 0 0 0 6 6l1.6-2.6 5 2v3.5a1.8 1.8 0 0 1-1.8 1.8A17.5 17.5 0 0 1 3.2 5.3 1.8 1.8 0 0 1 5 3.5z',
  ],
  // a pencil on a line: filling in the form
  wrap_up: ['M4 20h16', 'M6 16.5V14L15.5 4.5l2.5 2.5L8.5 16.5z'],
  // power: signed out
  signed_out: ['M12 3v8', 'M6.3 6.8a8 8 0 1 0 11.4 0'],
  // a question mark in a circle
  unknown: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M9.5 9.5a2.6 2.6 0 1 1 3.6 2.4c-.7.3-1.1.9-1.1 1.7v.4', 'M12 17h.01'],
  // a crossed-out circle: no data from the feed
  no_data: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M5.6 5.6l12.8 12.8'],
  held: ['M9 5v14', 'M15 5v14'],
  alert: ['M12 3.5l9.5 17h-19z', 'M12 10v4.5', 'M12 17.5h.01'],
  live: ['M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8z', 'M5.5 5.5a9 9 0 0 0 0 13', 'M18.5 5.5a9 9 0 0 1 0 13'],
  // a chain broken in two: a display link that no longer works
  link_off: [
    'M18.8 12.3l1.7-1.7a5 5 0 0 0-7.1-7.1l-1.7 1.7',
    'M5.2 11.7l-1.7 1.7a5 5 0 0 0 7.1 7.1l1.7-1.7',
    'M8 2v3',
    'M2 8h3',
    'M16 19v3',
    'M19 16h3',
  ],
  offline: ['M3 3l18 18', 'M8.5 12.5a5 5 0 0 1 5-3', 'M4.5 9a10 10 0 0 1 4-2.6', 'M19.5 9a10 10 0 0 0-3.8-2.5', 'M12 18h.01'],
};

export function Icon({ name, className = '', title }: { name: IconName; className?: string; title?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2.2}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
      aria-hidden={title ? undefined : true}
      role={title ? 'img' : undefined}
    >
      {title ? <title>{title}</title> : null}
      {PATHS[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
