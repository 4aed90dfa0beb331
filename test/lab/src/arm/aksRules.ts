import { ArmError, invalidParameter } from './errors';
import { isJsonObject, objectAt } from './http';
import {
  Ipv4Block,
  blockContains,
  blocksOverlap,
  parseIpv4Address,
  parseIpv4Block,
} from './ipv4';

/**
 * The checks AKS itself makes on a managed cluster after the swagger has
 * passed it. Like AKS, targets name the property without the `properties.`
 * envelope (e.g. `networkProfile.podCidr`).
 */
export function checkManagedCluster(
  properties: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
): void {
  checkDnsPrefix(properties);
  checkAgentPools(properties);
  checkNetworkProfile(objectAt(properties, 'networkProfile'));
  if (previous) checkImmutableProperties(properties, previous);
}

const NAMING_RULES =
  'Please see https://aka.ms/aks-naming-rules for more details.';

/** AKS's 400 for a property its own rules refuse. */
export function invalidAksParameter(target: string, details: string): ArmError {
  return invalidParameter(
    target,
    `The value of parameter ${target} is invalid. Error details: ${details}`,
  );
}

function checkDnsPrefix(properties: Record<string, unknown>): void {
  if (
    properties.fqdnSubdomain !== undefined &&
    properties.dnsPrefix === undefined
  ) {
    return;
  }
  const dnsPrefix =
    typeof properties.dnsPrefix === 'string' ? properties.dnsPrefix : '';
  if (dnsPrefix.length < 1 || dnsPrefix.length > 54) {
    throw invalidAksParameter(
      'dnsPrefix',
      `DNS prefix '${dnsPrefix}' is invalid. DNS prefix must contain between 1 and 54 characters. ${NAMING_RULES}`,
    );
  }
  if (!/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(dnsPrefix)) {
    throw invalidAksParameter(
      'dnsPrefix',
      `DNS prefix '${dnsPrefix}' is invalid. DNS prefix must start and end with alphanumeric values, and can only contain hyphens and alphanumeric values. ${NAMING_RULES}`,
    );
  }
}

function checkAgentPools(properties: Record<string, unknown>): void {
  const pools = Array.isArray(properties.agentPoolProfiles)
    ? (properties.agentPoolProfiles as Record<string, unknown>[])
    : [];
  if (pools.length === 0) {
    throw invalidAksParameter(
      'agentPoolProfiles',
      'A managed cluster needs at least one agent pool.',
    );
  }
  const seen = new Set<string>();
  pools.forEach((pool, index) => {
    const name = String(pool.name);
    if (seen.has(name)) {
      throw invalidAksParameter(
        `agentPoolProfiles[${index}].name`,
        `Agent pool name '${name}' is used more than once; agent pool names must be unique within a cluster.`,
      );
    }
    seen.add(name);
    if (pool.osType === 'Windows' && name.length > 6) {
      throw invalidAksParameter(
        `agentPoolProfiles[${index}].name`,
        `Windows agent pool name '${name}' is longer than 6 characters. ${NAMING_RULES}`,
      );
    }
    const minimum = pool.mode === 'System' ? 1 : 0;
    if (
      typeof pool.count === 'number' &&
      (pool.count < minimum || pool.count > 1000)
    ) {
      throw invalidAksParameter(
        `agentPoolProfiles[${index}].count`,
        `Agent pool '${name}' has count ${pool.count}; ${pool.mode} pools allow ${minimum} to 1000 nodes.`,
      );
    }
  });
  if (!pools.some(pool => pool.mode === 'System')) {
    throw invalidAksParameter(
      'agentPoolProfiles',
      "A managed cluster must have at least one agent pool with mode 'System'.",
    );
  }
}

/** Ranges Azure reserves; no pod or service range may touch them (use-byo-cni.md). */
const RESERVED_BLOCKS = [
  '169.254.0.0/16',
  '172.30.0.0/16',
  '172.31.0.0/16',
  '192.0.2.0/24',
].map(text => parseIpv4Block(text) as Ipv4Block);

function parseBlock(
  networkProfile: Record<string, unknown>,
  key: string,
): Ipv4Block | undefined {
  const text = networkProfile[key];
  if (typeof text !== 'string') return undefined;
  const target = `networkProfile.${key}`;
  const block = parseIpv4Block(text);
  if (!block)
    throw invalidAksParameter(
      target,
      `'${text}' is not a valid IPv4 CIDR block.`,
    );
  const reserved = RESERVED_BLOCKS.find(candidate =>
    blocksOverlap(candidate, block),
  );
  if (reserved) {
    throw invalidAksParameter(
      target,
      `'${text}' overlaps the reserved range ${reserved.text}.`,
    );
  }
  return block;
}

function checkNetworkProfile(networkProfile: Record<string, unknown>): void {
  if (
    networkProfile.networkPlugin === 'none' &&
    networkProfile.podCidr === undefined
  ) {
    throw invalidAksParameter(
      'networkProfile.podCidr',
      "A pod CIDR must be specified when networkPlugin is 'none' (bring your own CNI): the control plane routes traffic to pods through it.",
    );
  }
  const podBlock = parseBlock(networkProfile, 'podCidr');
  const serviceBlock = parseBlock(networkProfile, 'serviceCidr');
  if (serviceBlock && serviceBlock.prefixLength < 12) {
    throw invalidAksParameter(
      'networkProfile.serviceCidr',
      `Service CIDR '${serviceBlock.text}' is too large; it must be /12 or smaller.`,
    );
  }
  if (podBlock && serviceBlock && blocksOverlap(podBlock, serviceBlock)) {
    throw invalidAksParameter(
      'networkProfile.serviceCidr',
      `Service CIDR '${serviceBlock.text}' overlaps pod CIDR '${podBlock.text}'.`,
    );
  }
  const dnsServiceIP = networkProfile.dnsServiceIP;
  if (typeof dnsServiceIP === 'string' && serviceBlock) {
    const address = parseIpv4Address(dnsServiceIP);
    if (address === undefined || !blockContains(serviceBlock, address)) {
      throw invalidAksParameter(
        'networkProfile.dnsServiceIP',
        `DNS service IP '${dnsServiceIP}' must be within the service CIDR '${serviceBlock.text}'.`,
      );
    }
    if (address - serviceBlock.first < 2) {
      throw invalidAksParameter(
        'networkProfile.dnsServiceIP',
        `DNS service IP '${dnsServiceIP}' must not be the network address or the first address of service CIDR '${serviceBlock.text}'.`,
      );
    }
  }
}

/** Properties AKS fixes at creation. */
const IMMUTABLE_PROPERTIES = [
  ['dnsPrefix'],
  ['fqdnSubdomain'],
  ['nodeResourceGroup'],
  ['networkProfile', 'networkPlugin'],
  ['networkProfile', 'podCidr'],
  ['networkProfile', 'serviceCidr'],
  ['networkProfile', 'dnsServiceIP'],
];

function checkImmutableProperties(
  properties: Record<string, unknown>,
  previous: Record<string, unknown>,
): void {
  for (const path of IMMUTABLE_PROPERTIES) {
    const before = valueAt(previous, path);
    const after = valueAt(properties, path);
    if (before !== undefined && after !== undefined && before !== after) {
      const target = path.join('.');
      throw new ArmError(
        400,
        'PropertyChangeNotAllowed',
        `Changing property '${target}' is not allowed.`,
        target,
      );
    }
  }
}

function valueAt(root: Record<string, unknown>, path: string[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (!isJsonObject(node)) return undefined;
    node = node[key];
  }
  return node;
}
