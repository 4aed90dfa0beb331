import type { ConnectionEvent } from '@meshportal/plugin-cilium-clustermesh-common';
import { CONNECTION_STATE_TEXT } from '../shared/states';

/** "cluster3 → cluster1". */
export function edgeText(event: Pick<ConnectionEvent, 'from' | 'to'>): string {
  return `${event.from} → ${event.to}`;
}

/** "Ready → Down", or "first seen Ready" the first time an edge is recorded. */
export function changeText(
  event: Pick<ConnectionEvent, 'state' | 'previousState'>,
): string {
  const state = CONNECTION_STATE_TEXT[event.state];
  return event.previousState
    ? `${CONNECTION_STATE_TEXT[event.previousState]} → ${state}`
    : `first seen ${state}`;
}

/** "cluster3 → cluster1: Ready → Down". */
export function historyLine(event: ConnectionEvent): string {
  return `${edgeText(event)}: ${changeText(event)}`;
}
