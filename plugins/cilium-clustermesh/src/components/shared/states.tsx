import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type {
  ConnectionState,
  Health,
  ProblemSeverity,
} from '@meshportal/plugin-cilium-clustermesh-common';
import type { ComponentType, ReactNode } from 'react';

/** Words for each state: every view names the state, colour and icon only repeat it. */
export const CONNECTION_STATE_TEXT: Record<ConnectionState, string> = {
  connected: 'Ready',
  degraded: 'Degraded',
  disconnected: 'Down',
  unconfigured: 'Not configured',
  unknown: 'Unknown',
};

export const HEALTH_TEXT: Record<Health, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
};

export const SEVERITY_TEXT: Record<ProblemSeverity, string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
};

/** Glyphs repeat the state word, so no view relies on colour alone. */
export const CONNECTION_STATE_GLYPH: Record<ConnectionState, string> = {
  connected: '✓',
  degraded: '!',
  disconnected: '✕',
  unconfigured: '–',
  unknown: '?',
};

/** A direction neither side configures or observes. */
export const NO_LINK_TEXT = 'No link';

type StatusComponent = ComponentType<{ children?: ReactNode }>;

const CONNECTION_STATUS: Record<ConnectionState, StatusComponent> = {
  connected: StatusOK,
  degraded: StatusWarning,
  disconnected: StatusError,
  unconfigured: StatusAborted,
  unknown: StatusPending,
};

const HEALTH_STATUS: Record<Health, StatusComponent> = {
  healthy: StatusOK,
  degraded: StatusWarning,
  down: StatusError,
  unknown: StatusPending,
};

const SEVERITY_STATUS: Record<ProblemSeverity, StatusComponent> = {
  error: StatusError,
  warning: StatusWarning,
  info: StatusPending,
};

/** Worst first: sorting by this puts what needs attention on top. */
export const CONNECTION_STATE_ORDER: Record<ConnectionState, number> = {
  disconnected: 0,
  degraded: 1,
  unknown: 2,
  unconfigured: 3,
  connected: 4,
};

export const HEALTH_ORDER: Record<Health, number> = {
  down: 0,
  degraded: 1,
  unknown: 2,
  healthy: 3,
};

export function ConnectionStateLabel(props: {
  state: ConnectionState;
  children?: ReactNode;
}) {
  const Status = CONNECTION_STATUS[props.state];
  return (
    <Status>
      {CONNECTION_STATE_TEXT[props.state]}
      {props.children}
    </Status>
  );
}

export function HealthLabel(props: { health: Health; children?: ReactNode }) {
  const Status = HEALTH_STATUS[props.health];
  return (
    <Status>
      {HEALTH_TEXT[props.health]}
      {props.children}
    </Status>
  );
}

export function SeverityLabel(props: { severity: ProblemSeverity }) {
  const Status = SEVERITY_STATUS[props.severity];
  return <Status>{SEVERITY_TEXT[props.severity]}</Status>;
}
