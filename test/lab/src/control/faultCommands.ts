import type { Lab } from '../lab';

/** Arguments of a fault as the CLI and the control API carry them. */
export interface FaultArguments {
  cluster?: string;
  from?: string;
  to?: string;
  bothWays?: boolean;
  /** Lift the fault instead of applying it. */
  off?: boolean;
  ms?: number;
  count?: number;
  nodes?: string[];
}

interface FaultCommand {
  summary: string;
  /** Arguments that must be present. */
  requires: (keyof FaultArguments)[];
  apply(lab: Lab, args: FaultArguments): Promise<void> | void;
}

/** Every fault the lab can switch while running, by the name the CLI and API use. */
export const FAULT_COMMANDS: Record<string, FaultCommand> = {
  partition: {
    summary: 'drop traffic from one cluster to another (--both-ways for both)',
    requires: ['from', 'to'],
    apply: (lab, a) =>
      a.off
        ? lab.faults.heal(a.from, a.to)
        : lab.faults.partition(a.from!, a.to!, a.bothWays),
  },
  heal: {
    summary: 'lift partitions (all, or --from/--to)',
    requires: [],
    apply: (lab, a) => lab.faults.heal(a.from, a.to),
  },
  'api-unreachable': {
    summary: "a cluster's Kubernetes API server refuses connections",
    requires: ['cluster'],
    apply: (lab, a) =>
      lab.faults.setApiServerReachable(a.cluster!, Boolean(a.off)),
  },
  'api-latency': {
    summary: "add --ms of latency to a cluster's Kubernetes API server",
    requires: ['cluster', 'ms'],
    apply: (lab, a) =>
      lab.faults.setApiServerLatency(a.cluster!, a.off ? 0 : a.ms!),
  },
  'clustermesh-apiserver-down': {
    summary: "a cluster's clustermesh-apiserver pods stop serving",
    requires: ['cluster'],
    apply: (lab, a) =>
      lab.faults.setClusterMeshApiserverDown(a.cluster!, !a.off),
  },
  'lb-pending': {
    summary: 'LoadBalancer Services of a cluster keep a pending address',
    requires: ['cluster'],
    apply: (lab, a) => lab.faults.setLoadBalancerPending(a.cluster!, !a.off),
  },
  'replace-ca': {
    summary: 'recreate cilium-ca (and its certificates) on one cluster',
    requires: ['cluster'],
    apply: (lab, a) => lab.faults.replaceCiliumCa(a.cluster!),
  },
  'expire-server-cert': {
    summary:
      "re-issue a cluster's clustermesh-apiserver certificate already expired",
    requires: ['cluster'],
    apply: (lab, a) => lab.faults.shortenServerCertificate(a.cluster!, -1),
  },
  'agents-not-ready': {
    summary: 'Cilium agents stop being ready (all nodes, or --nodes a,b)',
    requires: ['cluster'],
    apply: (lab, a) =>
      lab.faults.setAgentsReady(a.cluster!, Boolean(a.off), a.nodes),
  },
  'helm-fail': {
    summary: 'the next --count helm installs/upgrades on a cluster fail',
    requires: ['cluster'],
    apply: (lab, a) => lab.faults.failHelm(a.cluster!, a.count ?? 1),
  },
  'arm-fail': {
    summary: 'the next --count ARM long-running operations fail',
    requires: [],
    apply: (lab, a) => lab.faults.failArmOperations(a.count ?? 1),
  },
  'arm-throttle': {
    summary: 'ARM answers the next --count requests with 429',
    requires: [],
    apply: (lab, a) => lab.faults.throttleArm(a.count ?? 1),
  },
};

export class FaultArgumentError extends Error {}

/** Checks the fault name and its required arguments before anything changes. */
export function resolveFault(name: string, args: FaultArguments): FaultCommand {
  const command = FAULT_COMMANDS[name];
  if (!command) {
    throw new FaultArgumentError(
      `unknown fault "${name}"; known faults: ${Object.keys(
        FAULT_COMMANDS,
      ).join(', ')}`,
    );
  }
  const missing = command.requires.filter(key => args[key] === undefined);
  if (missing.length > 0 && !(args.off && name === 'partition')) {
    throw new FaultArgumentError(
      `fault "${name}" needs ${missing
        .map(key => `--${flagOf(key)}`)
        .join(', ')}`,
    );
  }
  return command;
}

export function flagOf(key: keyof FaultArguments): string {
  return key.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}
