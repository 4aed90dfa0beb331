import { Values } from '../../helm/values';
import { KubeObject } from '../../kube/types';
import { ciliumMinor } from '../settings';
import { goPrint, isMap, meshClusters, valueAt } from './values';

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const RELEASE_NAME = 'meta.helm.sh/release-name';
export const RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';

/** A Helm release: its name and the namespace its Secrets live in. */
export interface ReleaseRef {
  name: string;
  namespace: string;
}

/** What every chart template needs besides the values. */
export interface RenderContext {
  chartVersion: string;
  minor: number;
  values: Values;
  release: ReleaseRef;
  /** `cilium.namespace`: where the objects go. */
  namespace: string;
  at(path: string): unknown;
  /** clustermesh.config.clusters as the templates range over it (computed once). */
  clusters(): Values[];
}

export function renderContext(
  chartVersion: string,
  values: Values,
  release: ReleaseRef,
  namespace: string,
): RenderContext {
  let clusters: Values[] | undefined;
  return {
    chartVersion,
    minor: ciliumMinor(chartVersion),
    values,
    release,
    namespace,
    at: path => valueAt(values, path),
    clusters: () => (clusters ??= meshClusters(chartVersion, values)),
  };
}

/** What `helm` stamps on every object it creates, so it can adopt and delete them later. */
export function helmOwnership(release: ReleaseRef): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  return {
    labels: { [MANAGED_BY]: 'Helm' },
    annotations: {
      [RELEASE_NAME]: release.name,
      [RELEASE_NAMESPACE]: release.namespace,
    },
  };
}

/** `Kind/namespace/name`: how the installer tells rendered objects apart. */
export function objectKey(object: {
  kind: string;
  metadata: { namespace?: string; name?: string };
}): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${
    object.metadata.name
  }`;
}

export function isOwnedBy(object: KubeObject, release: ReleaseRef): boolean {
  const { labels, annotations } = object.metadata;
  return (
    labels?.[MANAGED_BY] === 'Helm' &&
    annotations?.[RELEASE_NAME] === release.name &&
    annotations?.[RELEASE_NAMESPACE] === release.namespace
  );
}

export function stringMap(value: unknown): Record<string, string> {
  if (!isMap(value)) return {};
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, goPrint(item)]),
  );
}

/** `helm.sh/chart` (1.20 stamps it on workloads and their Services) and commonLabels (1.19+). */
export function chartLabels(ctx: RenderContext): Record<string, string> {
  return {
    ...(ctx.minor >= 20
      ? { 'helm.sh/chart': `cilium-${ctx.chartVersion}` }
      : {}),
    ...commonLabels(ctx),
  };
}

export function commonLabels(ctx: RenderContext): Record<string, string> {
  return ctx.minor >= 19 ? stringMap(ctx.at('commonLabels')) : {};
}

/** clustermesh.annotations, which the chart puts on most clustermesh objects. */
export function clustermeshAnnotations(
  ctx: RenderContext,
): Record<string, string> {
  return stringMap(ctx.at('clustermesh.annotations'));
}

/** An object's metadata: chart labels/annotations plus Helm's ownership. */
export function objectMeta(
  ctx: RenderContext,
  name: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): KubeObject['metadata'] {
  const ownership = helmOwnership(ctx.release);
  return {
    name,
    namespace: ctx.namespace,
    labels: { ...labels, ...ownership.labels },
    annotations: { ...annotations, ...ownership.annotations },
  };
}
