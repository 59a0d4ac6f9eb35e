#!/usr/bin/env bash
# What `npm test` needs beyond node_modules: Debian's Chromium for Playwright (never a
# downloaded browser) and a CJK font, and the local PostgreSQL and Redis servers the
# integration tests use.
set -euo pipefail

# A CJK font too: without one Chinese labels render as empty boxes in screenshots and the
# browser benchmarks measure less text than a real zh-CN wall draws.
NEED=""
[ -x /usr/bin/chromium ] || NEED="chromium"
fc-list 2>/dev/null | grep -qi "wqy\|noto sans cjk" || NEED="${NEED:+$NEED }fonts-wqy-microhei"
if [ -n "$NEED" ]; then
  echo "[test-deps] installing Debian's $NEED…"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $NEED >/dev/null
fi

if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "[test-deps] starting PostgreSQL…"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi

if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "[test-deps] starting Redis…"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
exit 0
