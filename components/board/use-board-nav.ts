'use client';
/** Change the board's URL options (the URL is the board's settings, see board-options.ts). */
import { usePathname, useRouter } from 'next/navigation';
import { useCallback } from 'react';
import { serializeBoardOptions, type BoardOptions, type OptionDefaults } from '@/lib/client/board-options';

export function useBoardNav(options: BoardOptions, defaults: OptionDefaults): (change: Partial<BoardOptions>) => void {
  const router = useRouter();
  const pathname = usePathname();
  return useCallback(
    (change) => {
      const q = serializeBoardOptions({ ...options, ...change }, defaults);
      router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
    },
    [router, pathname, options, defaults],
  );
}
