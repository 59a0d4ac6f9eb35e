/**
 * Sending one agent action: over the board's Socket.IO connection when it is up (`control:act`),
 * otherwise over REST with the same requestId (lib/client/control-channel.ts says why that is
 * safe). Either way the answer is the same `Ack<ActionOk>`.
 */
import type { ActionOk, ActionRequestInput } from '@/lib/control/actions';
import { controlChannel, type ControlChannel } from '@/lib/client/control-channel';
import { apiJson, type ApiAck } from './api';

export async function sendAgentAction(req: ActionRequestInput, channel: ControlChannel = controlChannel): Promise<ApiAck<ActionOk>> {
  const viaSocket = await channel.act(req);
  if (viaSocket !== null) return viaSocket;
  return apiJson<ActionOk>(`/api/agents/${encodeURIComponent(req.extno)}/${req.action}`, {
    method: 'POST',
    body: { requestId: req.requestId, ...(req.params ?? {}) },
  });
}
