/** Names of every Redis key the cluster uses (docs/deploy.md, "Keys in Redis"). */
export interface ClusterKeys {
  /** Sorted set: gateway id -> heartbeat expiry (Redis clock, ms). */
  members: string;
  /** String per slot: `<gatewayId>/<fence>`, with a TTL. */
  lease(slot: number): string;
  /** Counter: the fencing token, incremented on every acquisition. */
  fence: string;
  /** Stream of agent changes and monitor messages. */
  changes: string;
  /** Hash: extno -> latest change entry, what a web node rebuilds from. */
  floor: string;
  /** Hash: extno -> web node id, the pending "sign out after this call" requests (CL-P1). */
  pending: string;
  /** String with a TTL per live web node: whose pending sign-outs can still be carried out (CL1). */
  webNode(id: string): string;
  /** Stream name of Socket.IO's adapter. */
  socketIo: string;
}

export function clusterKeys(prefix: string): ClusterKeys {
  return {
    members: `${prefix}gw:members`,
    lease: (slot) => `${prefix}lease:${slot}`,
    fence: `${prefix}lease:fence`,
    changes: `${prefix}changes`,
    floor: `${prefix}floor`,
    pending: `${prefix}pending`,
    webNode: (id) => `${prefix}web:${id}`,
    socketIo: `${prefix}sio`,
  };
}
