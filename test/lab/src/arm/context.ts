import { OperationRegistry } from './operations';

/** What every resource provider of the emulator needs to know about it. */
export interface ArmContext {
  /** `https://127.x.y.z:port`, without a trailing slash. */
  endpoint: string;
  subscriptionId: string;
  tenantId: string;
  operations: OperationRegistry;
}

/** ARM normalises locations: "West Europe" and "westeurope" are the same region. */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

/** ARM resource ids, names and resource groups compare case-insensitively. */
export function caseInsensitiveKey(...parts: string[]): string {
  return parts.map(part => part.toLowerCase()).join('/');
}
