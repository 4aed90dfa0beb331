import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import type { KubeApiServer } from '../../kube/apiServer';
import type { Node, Pod, Service } from '../../kube/controllers/shapes';
import type { KubeObject } from '../../kube/types';
import { startCiliumInstaller } from '../chart/installer';
import { CiliumSettings } from '../settings';
import { ApiserverEndpoint } from './apiserverEndpoint';
import { ClusterPoolIpam } from './ipam';
import { MeshContent, MeshMember } from './member';
import { MeshNetwork } from './network';
import { ciliumCommand } from './podCommands';
import { isReady } from './pods';
import { CiliumPodProxies, MetricsSource } from './podEndpoints';
import { ClusterService, collectServiceInstances } from './serviceInstances';

const APISERVER_SELECTOR = 'k8s-app=clustermesh-apiserver';

interface TlsMaterial {
  caPem?: string;
  serverCertPem?: string;
  serverKeyPem?: string;
  remoteCertPem?: string;
}

/**
 * Cilium running in one lab cluster: the chart's objects come from the
 * installer (driven by Helm release Secrets); this class plays the parts
 * that run in pods — the agents as CNI and IPAM (pods get addresses, nodes
 * turn Ready), the clustermesh-apiserver's etcd endpoint, the metrics ports —
 * and tells the mesh whenever something peers could observe has changed.
 */
export class ClusterCilium {
  private readonly installer;
  private readonly endpoint = new ApiserverEndpoint();
  private readonly podProxies: CiliumPodProxies;
  private readonly unsubscribers: (() => void)[] = [];
  private ipam?: { key: string; pool: ClusterPoolIpam };
  private tls: TlsMaterial = {};
  private remoteUsers: string[] = [];
  private contentCache?: { content: MeshContent; services: ClusterService[] };
  private readonly agentsNotReady = new Set<string>();
  private apiserverDown = false;
  private apiserverReady = false;
  private stopped = false;
  private endpointWork: Promise<void> = Promise.resolve();

  constructor(
    readonly server: KubeApiServer,
    private readonly network: MeshNetwork,
    private readonly changed: () => void,
    metrics: MetricsSource,
  ) {
    this.podProxies = new CiliumPodProxies(server, metrics);
    this.unsubscribers.push(
      server.registerPodExec(request =>
        ciliumCommand(request, server.name, this.settings(), metrics),
      ),
    );
    this.installer = startCiliumInstaller(server.objects, {
      fqdn: server.spec.fqdn,
    });
    this.unsubscribers.push(
      this.installer.onSettingsChange(() => this.onSettings()),
      server.objects.onChange<Pod>({ apiVersion: 'v1', kind: 'Pod' }, change =>
        this.onPod(change.object, change.type),
      ),
      server.objects.onChange({ apiVersion: 'v1', kind: 'Secret' }, change =>
        this.onSecret(change.object as KubeObject),
      ),
      server.objects.onChange(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: 'clustermesh-remote-users',
        },
        () => this.readRemoteUsers(),
      ),
      server.objects.onChange<Service>(
        { apiVersion: 'v1', kind: 'Service' },
        change => this.onService(change.object),
      ),
      server.objects.onChange(
        { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
        () => this.contentChanged(),
      ),
      server.objects.onChange({ apiVersion: 'v1', kind: 'Namespace' }, () =>
        this.contentChanged(),
      ),
      server.objects.onChange({ apiVersion: 'v1', kind: 'Node' }, () =>
        this.contentChanged(),
      ),
    );
    this.onSettings();
  }

  get name(): string {
    return this.server.name;
  }

  settings(): CiliumSettings | undefined {
    return this.installer.settings();
  }

  /** Resolves once the installer's certificates, the controllers and the endpoint have caught up. */
  async settled(): Promise<void> {
    await this.installer.whenSettled();
    await this.server.controllers.whenSettled();
    await this.endpointWork;
  }

  /** The loopback host:port where this cluster's clustermesh-apiserver answers TLS, if it does. */
  get apiserverLoopbackAddress(): { host: string; port: number } | undefined {
    return this.endpoint.loopbackAddress;
  }

  /** What peers can learn about this cluster now; undefined without Cilium. */
  snapshot(): MeshMember | undefined {
    const settings = this.settings();
    if (!settings) return undefined;
    const { content } = this.content();
    return {
      name: this.name,
      settings,
      apiserverReady: this.apiserverReady && this.endpoint.listening,
      trustedCaBundle: this.tls.caPem,
      serverCertPem: this.tls.serverCertPem,
      remoteCertPem: this.tls.remoteCertPem,
      remoteUsers: this.remoteUsers,
      etcdClusterId: createHash('sha256')
        .update(`${this.name}/etcd`)
        .digest('hex')
        .slice(0, 16),
      content,
    };
  }

  /** The Services of this cluster as the global-service rules read them. */
  serviceInstances(): ClusterService[] {
    return this.content().services;
  }

  setAgentsReady(ready: boolean, nodeNames?: string[]): void {
    const nodes =
      nodeNames ??
      this.server.objects
        .list({ apiVersion: 'v1', kind: 'Node' })
        .map(node => node.metadata.name!);
    for (const node of nodes) {
      if (ready) this.agentsNotReady.delete(node);
      else this.agentsNotReady.add(node);
    }
    this.server.controllers.refresh();
    this.changed();
  }

  agentReadyOn(node: string): boolean {
    return !this.agentsNotReady.has(node);
  }

  setApiserverDown(down: boolean): void {
    this.apiserverDown = down;
    this.server.controllers.refresh();
    this.syncEndpoint();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.installer.stop();
    this.podProxies.stop();
    this.network.withdraw(this.name);
    await this.endpointWork;
    await this.endpoint.close();
  }

  private onSettings(): void {
    const settings = this.settings();
    const controllers = this.server.controllers;
    if (!settings) {
      controllers.setPodNetwork(undefined);
      controllers.setPodReadiness(undefined);
      this.changed();
      return;
    }
    const key = `${settings.podCidrs.join(',')}/${settings.podCidrMaskSize}`;
    if (this.ipam?.key !== key) {
      this.ipam = {
        key,
        pool: new ClusterPoolIpam(settings.podCidrs, settings.podCidrMaskSize),
      };
    }
    controllers.setPodNetwork({
      allocate: (_pod, node) => {
        const nodeName = node.metadata.name!;
        return this.agentReadyOn(nodeName) && isReady(node)
          ? this.ipam?.pool.allocate(nodeName)
          : undefined;
      },
      release: () => undefined,
    });
    controllers.setPodReadiness(pod => this.podReadiness(pod as Pod));
    controllers.refresh();
    this.podProxies.update(settings);
    this.readTls(settings);
    this.readRemoteUsers();
    this.onService(undefined);
    this.contentChanged();
  }

  private podReadiness(pod: Pod): boolean | undefined {
    const app = pod.metadata.labels?.['k8s-app'];
    if (app === 'cilium') {
      return this.agentReadyOn(pod.spec?.nodeName ?? '');
    }
    if (app === 'clustermesh-apiserver') {
      return !this.apiserverDown && Boolean(this.tls.serverCertPem);
    }
    return undefined;
  }

  private onPod(pod: Pod, type: string): void {
    const app = pod.metadata.labels?.['k8s-app'];
    if (app === 'cilium' || app === 'clustermesh-apiserver') {
      this.podProxies.podChanged(pod, type === 'DELETED');
    }
    if (app === 'cilium' && type !== 'DELETED' && isReady(pod)) {
      const node = pod.spec?.nodeName;
      // The kubelet reports NetworkReady once the agent has written the CNI config.
      if (node) this.server.setNodesReady(true, [node]);
    }
    if (app === 'clustermesh-apiserver') this.syncApiserverReadiness();
    this.contentChanged();
  }

  private syncApiserverReadiness(): void {
    const ready = this.server.objects
      .list<Pod>(
        { apiVersion: 'v1', kind: 'Pod' },
        { labelSelector: APISERVER_SELECTOR },
      )
      .some(isReady);
    if (ready !== this.apiserverReady) {
      this.apiserverReady = ready;
      this.syncEndpoint();
    }
  }

  private onSecret(secret: KubeObject): void {
    const settings = this.settings();
    if (!settings || secret.metadata.namespace !== settings.namespace) return;
    if (
      [
        'cilium-ca',
        'clustermesh-apiserver-server-cert',
        'clustermesh-apiserver-remote-cert',
      ].includes(secret.metadata.name!)
    ) {
      this.readTls(settings);
    }
  }

  private readTls(settings: CiliumSettings): void {
    const secret = (name: string) =>
      this.server.objects.get<KubeObject>({
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: settings.namespace,
        name,
      })?.data as Record<string, string> | undefined;
    const decode = (value?: string) =>
      value ? Buffer.from(value, 'base64').toString('utf8') : undefined;
    const ca = secret('cilium-ca');
    const server = secret('clustermesh-apiserver-server-cert');
    const remote = secret('clustermesh-apiserver-remote-cert');
    const next: TlsMaterial = {
      caPem: decode(ca?.['ca.crt']),
      serverCertPem: decode(server?.['tls.crt']),
      serverKeyPem: decode(server?.['tls.key']),
      remoteCertPem: decode(remote?.['tls.crt']),
    };
    const hadServerCert = Boolean(this.tls.serverCertPem);
    this.tls = next;
    if (hadServerCert !== Boolean(next.serverCertPem)) {
      this.server.controllers.refresh();
    }
    this.syncEndpoint();
  }

  private readRemoteUsers(): void {
    const settings = this.settings();
    const users = settings
      ? this.server.objects.get<KubeObject>({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace: settings.namespace,
          name: 'clustermesh-remote-users',
        })
      : undefined;
    const document = parse(
      String((users?.data as Record<string, string>)?.['users.yaml'] ?? ''),
    ) as { users?: { name?: string }[] } | null;
    this.remoteUsers = (document?.users ?? []).flatMap(user =>
      user.name ? [user.name] : [],
    );
    this.changed();
  }

  private onService(service: Service | undefined): void {
    const settings = this.settings();
    if (
      service &&
      !(
        service.metadata.name === 'clustermesh-apiserver' &&
        service.metadata.namespace === settings?.namespace
      )
    ) {
      this.contentChanged();
      return;
    }
    const current = settings?.clustermesh.useAPIServer
      ? this.server.objects.get<Service>({
          apiVersion: 'v1',
          kind: 'Service',
          namespace: settings.namespace,
          name: 'clustermesh-apiserver',
        })
      : undefined;
    if (!current) {
      this.network.withdraw(this.name);
    } else {
      this.network.expose(
        this.name,
        exposedAddresses(current, this.nodeAddresses()),
        () => this.endpoint.listening,
      );
    }
    this.changed();
  }

  private nodeAddresses(): string[] {
    return this.server.objects
      .list<Node>({ apiVersion: 'v1', kind: 'Node' })
      .flatMap(node =>
        (node.status?.addresses ?? [])
          .filter(address => address.type === 'InternalIP')
          .map(address => address.address),
      );
  }

  /** Listens while the apiserver pods are ready and a server certificate exists; closes otherwise. */
  private syncEndpoint(): void {
    const { serverCertPem, serverKeyPem, caPem } = this.tls;
    const serve =
      !this.stopped &&
      this.apiserverReady &&
      serverCertPem &&
      serverKeyPem &&
      caPem
        ? {
            certPem: serverCertPem,
            keyPem: serverKeyPem,
            trustedCaBundle: caPem,
          }
        : undefined;
    this.endpointWork = this.endpointWork
      .then(() => this.endpoint.serve(serve))
      .catch(() => undefined)
      .then(() => this.changed());
  }

  private contentChanged(): void {
    this.contentCache = undefined;
    this.changed();
  }

  private content(): { content: MeshContent; services: ClusterService[] } {
    if (!this.contentCache) {
      const settings = this.settings();
      const services = settings
        ? collectServiceInstances(this.server.objects, settings)
        : [];
      const pods = this.server.objects
        .list<Pod>({ apiVersion: 'v1', kind: 'Pod' })
        .filter(pod => pod.status?.podIP && !pod.spec?.hostNetwork);
      const identities = new Set(
        pods.map(pod =>
          identityKey(pod.metadata.namespace, pod.metadata.labels),
        ),
      );
      this.contentCache = {
        services,
        content: {
          nodes: this.server.objects.list({ apiVersion: 'v1', kind: 'Node' })
            .length,
          endpoints: pods.length,
          identities: identities.size,
          sharedServices: services.filter(service => service.exported).length,
        },
      };
    }
    return this.contentCache;
  }
}

/** Cilium identities come from a pod's labels minus the controller's hash labels. */
function identityKey(
  namespace: string | undefined,
  labels: Record<string, string> | undefined,
): string {
  const relevant = Object.entries(labels ?? {})
    .filter(
      ([key]) =>
        key !== 'pod-template-hash' && key !== 'controller-revision-hash',
    )
    .sort(([a], [b]) => a.localeCompare(b));
  return `${namespace}/${JSON.stringify(relevant)}`;
}

/** Where peers can reach the clustermesh-apiserver, per Service type (as cilium-cli derives it). */
function exposedAddresses(
  service: Service,
  nodeAddresses: string[],
): { ip: string; port: number }[] {
  const spec = service.spec ?? {};
  const port = spec.ports?.[0];
  if (!port) return [];
  if (spec.type === 'LoadBalancer') {
    const ingress = service.status?.loadBalancer?.ingress ?? [];
    const viaBalancer = ingress
      .filter(entry => entry.ip)
      .map(entry => ({ ip: entry.ip!, port: Number(port.port) }));
    const viaNodePort = port.nodePort
      ? nodeAddresses.map(ip => ({ ip, port: Number(port.nodePort) }))
      : [];
    return [...viaBalancer, ...viaNodePort];
  }
  if (spec.type === 'NodePort' && port.nodePort) {
    return nodeAddresses.map(ip => ({ ip, port: Number(port.nodePort) }));
  }
  return [];
}
