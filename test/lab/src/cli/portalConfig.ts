import { stringify } from 'yaml';
import { Lab } from '../lab';

export interface PortalConfigPaths {
  armCaFile: string;
  helmBinary: string;
}

/**
 * The configuration the portal needs to use the lab as its Azure: exactly
 * what a platform team writes for real Azure, with lab endpoints and the lab CA.
 */
export function portalConfigYaml(lab: Lab, paths: PortalConfigPaths): string {
  const config = {
    ciliumClusterMesh: {
      azure: {
        tenantId: lab.arm.tenantId,
        subscriptionId: lab.arm.subscriptionId,
        clientId: lab.arm.clientId,
        clientSecret: lab.arm.clientSecret,
        resourceManagerEndpoint: lab.arm.endpoint,
        authorityHost: lab.arm.endpoint,
        caFile: paths.armCaFile,
      },
      helm: { binary: paths.helmBinary },
    },
  };
  return `# Written by \`lab start\` on every start; holds the lab's credentials (mode 0600).\n${stringify(
    config,
  )}`;
}
