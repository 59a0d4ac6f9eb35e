/**
 * The server's own HTTP routes (health, floor JSON, metrics, and later the control API).
 * They live in the custom server rather than in Next route handlers because they read the
 * in-process floor state directly; Next serves pages only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, sendError } from './json';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>, url: URL) => Promise<void> | void;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  name: string;
  handler: RouteHandler;
}

export class Router {
  private readonly routes: Route[] = [];

  /** Register `GET /api/agents/:extno` style routes. */
  add(method: string, path: string, handler: RouteHandler): this {
    const keys: string[] = [];
    const pattern = new RegExp(
      '^' +
        path.replace(/:([a-zA-Z]+)/g, (_m, key: string) => {
          keys.push(key);
          return '([^/]+)';
        }) +
        '/?$',
    );
    this.routes.push({ method, pattern, keys, name: path, handler });
    return this;
  }

  /** Whether some route owns this path (any method): other paths go to Next. */
  owns(pathname: string): boolean {
    return this.routes.some((r) => r.pattern.test(pathname));
  }

  /** Returns the route name handled (for metrics) or null when no route matched the path. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<string | null> {
    const candidates = this.routes.filter((r) => r.pattern.test(url.pathname));
    if (candidates.length === 0) return null;
    const route = candidates.find((r) => r.method === req.method);
    if (!route) {
      res.setHeader('allow', candidates.map((r) => r.method).join(', '));
      sendError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} not allowed on ${url.pathname}`);
      return candidates[0]!.name;
    }
    const match = route.pattern.exec(url.pathname)!;
    const params: Record<string, string> = {};
    route.keys.forEach((key, i) => {
      params[key] = safeDecode(match[i + 1] ?? '');
    });
    try {
      await route.handler(req, res, params, url);
    } catch (err) {
      if (err instanceof HttpError) {
        if (!res.headersSent) sendError(res, err.status, err.code, err.message);
      } else {
        if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'internal error');
        throw err;
      }
    }
    return route.name;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
