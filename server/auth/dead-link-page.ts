/**
 * The page a TV gets when it loads the board (or `/d/<token>`) with the token of a revoked or
 * expired display link: the same message as the board's own DeadLinkScreen, instead of a
 * sign-in form nobody at the wall can fill in. Static HTML, no script (the CSP allows inline
 * styles), both languages, readable from across the room.
 */
import type { ServerResponse } from 'node:http';
import type { DeadLinkCode } from '@/lib/protocol';

const TEXT: Record<DeadLinkCode, { en: string; zh: string }> = {
  LINK_REVOKED: { en: 'This display link has been revoked', zh: '此显示链接已被撤销' },
  LINK_EXPIRED: { en: 'This display link has expired', zh: '此显示链接已过期' },
};

export function deadLinkHtml(code: DeadLinkCode): string {
  const title = TEXT[code];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title.en}</title></head>
<body style="margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:2vh;background:#000;color:#fff;font-family:system-ui,sans-serif;text-align:center;padding:0 5vw">
<div data-code="${code}" role="alert">
<h1 style="font-size:clamp(40px,5.2vw,170px);margin:0">${title.en}</h1>
<h1 lang="zh-CN" style="font-size:clamp(40px,5.2vw,170px);margin:0">${title.zh}</h1>
<p style="font-size:clamp(28px,3.2vw,104px);color:#fbbf24;font-weight:700">Ask an administrator for a new link.<br><span lang="zh-CN">请向管理员索取新的链接。</span></p>
</div></body></html>
`;
}

export function sendDeadLinkPage(res: ServerResponse, code: DeadLinkCode): true {
  res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(deadLinkHtml(code));
  return true;
}
