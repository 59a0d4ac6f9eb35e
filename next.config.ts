import type { NextConfig } from 'next';

// Served by our own Node server (server/index.ts), which owns the HTTP upgrade
// listener and Socket.IO; Next only renders pages and route handlers.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm test` type-checks the whole project once (`tsc --noEmit`) before building; checking
  // again inside `next build` would double the slowest step of CI.
  typescript: { ignoreBuildErrors: true },
  // The server imports these at runtime from node_modules; do not bundle them
  // into route handlers.
  serverExternalPackages: ['pino', 'prom-client', '@electric-sql/pglite', 'ws', 'socket.io'],
};

export default nextConfig;
