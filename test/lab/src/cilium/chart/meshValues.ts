import { goPrint, truthy } from './values';
import { RenderContext } from './metadata';

export const APP = 'clustermesh-apiserver';
export const SELECTOR = { 'k8s-app': APP };

export function meshValue(ctx: RenderContext, path: string): unknown {
  return ctx.at(`clustermesh.${path}`);
}

export function meshOn(ctx: RenderContext, path: string): boolean {
  return truthy(meshValue(ctx, path));
}

/** 1.19+ can point KVStoreMesh at an external etcd; the lab runs only the built-in one. */
export function internalKvstore(ctx: RenderContext): boolean {
  return (
    ctx.minor < 19 ||
    goPrint(meshValue(ctx, 'apiserver.kvstoremesh.kvstoreMode')) === 'internal'
  );
}

export function kvstoremeshRuns(ctx: RenderContext): boolean {
  return (
    meshOn(ctx, 'useAPIServer') && meshOn(ctx, 'apiserver.kvstoremesh.enabled')
  );
}

export function identityAllocationCRD(ctx: RenderContext): boolean {
  return ['crd', 'doublewrite-readkvstore', 'doublewrite-readcrd'].includes(
    goPrint(ctx.at('identityAllocationMode')),
  );
}
