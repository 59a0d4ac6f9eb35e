/**
 * The themed page root. `fill` pins the page to the viewport (the wall-board never scrolls the
 * page itself: its grid scrolls, or pages); other pages grow and scroll normally.
 */
import type { ReactNode } from 'react';
import type { Theme } from '@/lib/client/board-options';

export function ThemeRoot({
  theme,
  fill = false,
  className = '',
  children,
  ...data
}: {
  theme: Theme;
  fill?: boolean;
  className?: string;
  children: ReactNode;
} & { [key: `data-${string}`]: string | undefined }) {
  return (
    <div
      data-theme={theme}
      className={`fb-theme ${fill ? 'h-dvh overflow-hidden' : 'min-h-dvh'} ${className}`}
      {...data}
    >
      {children}
    </div>
  );
}
