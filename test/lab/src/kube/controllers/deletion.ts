import { ClusterObjects } from '../clusterObjects';
import { KubeApiError } from '../status';
import { KubeObject } from '../types';

/** Deletes `object`; one that is already gone is what was wanted, so that is no error. */
export function deleteObject(
  objects: ClusterObjects,
  object: KubeObject,
): void {
  try {
    objects.delete({
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace: object.metadata.namespace,
      name: object.metadata.name!,
    });
  } catch (error) {
    if (!(error instanceof KubeApiError && error.code === 404)) throw error;
  }
}
