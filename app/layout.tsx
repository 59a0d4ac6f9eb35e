import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { QueryProvider } from '@/components/providers/QueryProvider';
import { negotiateLang } from '@/lib/i18n/locales';
import './globals.css';

export const metadata: Metadata = {
  title: 'Floorboard',
  description: 'Real-time supervisor wall-board for call centres',
};

export const viewport: Viewport = {
  colorScheme: 'dark light',
  themeColor: '#0a101c',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The browser's language; a page's `lang` URL parameter wins and updates this on the client.
  const lang = negotiateLang((await headers()).get('accept-language'));
  return (
    <html lang={lang}>
      <body className="antialiased">
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
