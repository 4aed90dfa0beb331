import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { HelmError } from './errors';
import { HelmFlags } from './args';

export interface HelmKubeClients {
  core: CoreV1Api;
  apps: AppsV1Api;
  /** Any kind, for the objects a chart renders. */
  objects: KubernetesObjectApi;
  server: string;
}

/** Builds clients the way helm does: --kube-apiserver/--kube-token/--kube-ca-file win over the kubeconfig. */
export function connect(flags: HelmFlags): HelmKubeClients {
  const kubeConfig = new KubeConfig();
  if (flags.kubeApiServer) {
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: 'helm',
          server: flags.kubeApiServer,
          caData: flags.kubeCaFile
            ? Buffer.from(readFileSync(flags.kubeCaFile)).toString('base64')
            : undefined,
          skipTLSVerify: false,
        },
      ],
      users: [{ name: 'helm', token: flags.kubeToken }],
      contexts: [{ name: 'helm', cluster: 'helm', user: 'helm' }],
      currentContext: 'helm',
    });
  } else if (flags.kubeconfig) {
    try {
      kubeConfig.loadFromFile(flags.kubeconfig);
    } catch (error) {
      throw new HelmError(
        `Kubernetes cluster unreachable: ${(error as Error).message}`,
      );
    }
    if (flags.kubeContext) {
      if (!kubeConfig.getContextObject(flags.kubeContext)) {
        throw new HelmError(
          `Kubernetes cluster unreachable: context "${flags.kubeContext}" does not exist`,
        );
      }
      kubeConfig.setCurrentContext(flags.kubeContext);
    }
  } else {
    throw new HelmError(
      'Kubernetes cluster unreachable: no --kubeconfig, KUBECONFIG or --kube-apiserver given',
    );
  }
  const server = kubeConfig.getCurrentCluster()?.server ?? '';
  return {
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    objects: KubernetesObjectApi.makeApiClient(kubeConfig),
    server,
  };
}

interface ApiFailure {
  code?: number;
  body?: unknown;
  message?: string;
  cause?: { code?: string; message?: string };
}

export function statusCode(error: unknown): number | undefined {
  return (error as ApiFailure)?.code;
}

/** Turns client errors into the messages helm prints. */
export function describeKubeError(error: unknown, server: string): HelmError {
  const failure = error as ApiFailure;
  if (typeof failure?.code === 'number') {
    const body =
      typeof failure.body === 'string' ? safeJson(failure.body) : failure.body;
    const message =
      (body as { message?: string } | undefined)?.message ?? failure.message;
    return new HelmError(String(message));
  }
  const cause = failure?.cause?.code ?? failure?.message ?? String(error);
  return new HelmError(
    `Kubernetes cluster unreachable: Get "${server}/version": ${cause}`,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}
