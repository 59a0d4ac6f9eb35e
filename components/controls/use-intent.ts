'use client';
/**
 * One user intent = one requestId. The id is kept while the same intent (same key: action and
 * parameters) is retried after a failure that never reached the server, so the server answers a
 * retry with the first result and asks the call system at most once. Any answer from the server
 * ends the intent: the next click is a new intent with a new id (docs/control-api.md: after
 * OUTCOME_UNKNOWN, check the board and act again with a new id).
 */
import { useCallback, useRef, useState } from 'react';
import { newRequestId, type ApiAck } from './api';

export interface IntentState<T> {
  pending: boolean;
  last: ApiAck<T> | null;
}

export function useIntent<T, P>(send: (requestId: string, params: P) => Promise<ApiAck<T>>) {
  const current = useRef<{ key: string; id: string } | null>(null);
  const inFlight = useRef(false);
  const [state, setState] = useState<IntentState<T>>({ pending: false, last: null });

  const run = useCallback(
    async (params: P): Promise<ApiAck<T> | null> => {
      if (inFlight.current) return null;
      const key = JSON.stringify(params ?? null);
      if (!current.current || current.current.key !== key) current.current = { key, id: newRequestId() };
      const id = current.current.id;
      inFlight.current = true;
      setState((s) => ({ ...s, pending: true }));
      const ack = await send(id, params);
      inFlight.current = false;
      // Keep the id only when our server may not have seen the request at all.
      if (ack.ok || ack.code !== 'NETWORK') current.current = null;
      setState({ pending: false, last: ack });
      return ack;
    },
    [send],
  );

  const reset = useCallback(() => {
    current.current = null;
    setState({ pending: false, last: null });
  }, []);

  return { ...state, run, reset };
}
