import type { ConnectionState } from '@meshportal/plugin-cilium-clustermesh-common';

/** What each state word means for one direction, source → target. */
export const CONNECTION_STATE_MEANING: Record<ConnectionState, string> = {
  connected:
    'every Cilium agent and KVStoreMesh replica of the source reports the target ready',
  degraded:
    'only some of them report the target ready, or only one of the two layers does',
  disconnected:
    'the source is configured to connect, but none of them reports the target ready',
  unconfigured:
    "the source's configuration does not name the target, although the target names the source or metrics still mention it",
  unknown:
    'the source could not be read, or exposes no metrics to judge the connection by',
};
