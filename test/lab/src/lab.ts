import { ArmEmulator, ArmEmulatorOptions } from './arm';
import {
  createKubeClusterFactory,
  KubeApiServer,
  KubeClusterFactory,
} from './kube';

/** The AKS Entra server application every AKS cluster's API server trusts. */
export const AKS_SERVER_APP_SCOPE =
  '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

export type LabOptions = Omit<ArmEmulatorOptions, 'clusterFactory'>;

/**
 * Azure and every cluster it creates, wired like the real thing: ARM brings
 * up a Kubernetes API server per managed cluster, and those API servers accept
 * Entra ID tokens the lab's tenant issues for the AKS server app, as AKS
 * clusters with Azure RBAC do for an identity holding the cluster-admin role.
 */
export class Lab {
  private constructor(
    readonly arm: ArmEmulator,
    private readonly clusterFactory: KubeClusterFactory,
  ) {}

  static async start(options: LabOptions = {}): Promise<Lab> {
    let arm: ArmEmulator | undefined = undefined;
    const clusterFactory = createKubeClusterFactory({
      authenticateBearer: async token => {
        const claims = arm?.verifyToken(token, AKS_SERVER_APP_SCOPE);
        return claims
          ? { user: claims.oid, groups: ['system:masters'] }
          : undefined;
      },
    });
    arm = new ArmEmulator({ ...options, clusterFactory });
    await arm.start();
    return new Lab(arm, clusterFactory);
  }

  /** The running API servers of the managed clusters ARM has created. */
  clusters(): KubeApiServer[] {
    return this.clusterFactory.clusters();
  }

  cluster(name: string): KubeApiServer {
    const cluster = this.clusters().find(c => c.name === name);
    if (!cluster) {
      throw new Error(`The lab has no running cluster named ${name}`);
    }
    return cluster;
  }

  async stop(): Promise<void> {
    await this.arm.stop();
    await this.clusterFactory.stop();
  }
}
