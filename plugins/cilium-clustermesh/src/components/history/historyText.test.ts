import type { ConnectionEvent } from '@meshportal/plugin-cilium-clustermesh-common';
import { changeText, historyLine } from './historyText';

function event(change: Partial<ConnectionEvent>): ConnectionEvent {
  return {
    id: 1,
    mesh: 'lab-mesh',
    from: 'cluster3',
    to: 'cluster1',
    state: 'connected',
    at: '2026-06-01T11:59:00.000Z',
    ...change,
  };
}

describe('history text', () => {
  it.each<[Partial<ConnectionEvent>, string]>([
    [{ previousState: 'connected', state: 'disconnected' }, 'Ready → Down'],
    [{ previousState: 'degraded', state: 'connected' }, 'Degraded → Ready'],
    [
      { previousState: 'unknown', state: 'unconfigured' },
      'Unknown → Not configured',
    ],
    [{ state: 'connected' }, 'first seen Ready'],
    [{ state: 'degraded' }, 'first seen Degraded'],
  ])('%j reads %s', (change, text) => {
    expect(changeText(event(change))).toBe(text);
  });

  it('names the direction', () => {
    expect(
      historyLine(event({ previousState: 'connected', state: 'disconnected' })),
    ).toBe('cluster3 → cluster1: Ready → Down');
  });
});
