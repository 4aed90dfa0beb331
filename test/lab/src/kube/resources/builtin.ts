import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { EndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1/EndpointSlice';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Endpoints } from 'kubernetes-models/v1/Endpoints';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Node } from 'kubernetes-models/v1/Node';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { isJsonObject } from '../json';
import { KubeObject } from '../types';
import { modelValidator } from '../validation';
import {
  immutableData,
  prepareSecret,
  prepareSecretForUpdate,
} from './configuration';
import { customResourceDefinitions } from './customResourceDefinitions';
import { defineResource, FieldReader, ResourceType } from './resourceType';
import { ServiceAllocator } from './services';
import {
  prepareDaemonSetForCreate,
  prepareDeploymentForCreate,
  preparePodForCreate,
  prepareReplicaSetForCreate,
  preparePodForUpdate,
  prepareWorkloadForUpdate,
} from './workloads';

function field(...path: string[]): FieldReader {
  return object => {
    let current: unknown = object;
    for (const segment of path)
      current = isJsonObject(current) ? current[segment] : undefined;
    return current === undefined || current === null
      ? undefined
      : String(current);
  };
}

function prepareNamespace(namespace: KubeObject): [] {
  namespace.metadata.labels = {
    ...namespace.metadata.labels,
    'kubernetes.io/metadata.name': namespace.metadata.name ?? '',
  };
  const spec = isJsonObject(namespace.spec) ? namespace.spec : {};
  spec.finalizers ??= ['kubernetes'];
  namespace.spec = spec;
  return [];
}

/** The built-in kinds an AKS API server serves that the lab's plugins and simulations touch. */
export function builtinResources(services: ServiceAllocator): ResourceType[] {
  return [
    defineResource({
      group: '',
      version: 'v1',
      kind: 'Namespace',
      plural: 'namespaces',
      namespaced: false,
      shortNames: ['ns'],
      nameRule: 'dns-label',
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      hasStatusSubresource: true,
      deleteReturnsObject: true,
      fieldSelectors: { 'status.phase': field('status', 'phase') },
      validate: modelValidator(Namespace),
      prepareForCreate: namespace => {
        namespace.status = { phase: 'Active' };
        return prepareNamespace(namespace);
      },
      prepareForUpdate: prepareNamespace,
    }),
    defineResource({
      group: '',
      version: 'v1',
      kind: 'Node',
      plural: 'nodes',
      namespaced: false,
      shortNames: ['no'],
      hasStatusSubresource: true,
      fieldSelectors: { 'spec.unschedulable': field('spec', 'unschedulable') },
      validate: modelValidator(Node),
    }),
    defineResource({
      group: '',
      version: 'v1',
      kind: 'Pod',
      plural: 'pods',
      namespaced: true,
      shortNames: ['po'],
      categories: ['all'],
      hasStatusSubresource: true,
      deleteReturnsObject: true,
      subresources: [
        { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
        {
          name: 'proxy',
          kind: 'PodProxyOptions',
          verbs: ['create', 'delete', 'get', 'patch', 'update'],
        },
      ],
      fieldSelectors: {
        'spec.nodeName': field('spec', 'nodeName'),
        'spec.restartPolicy': field('spec', 'restartPolicy'),
        'spec.schedulerName': field('spec', 'schedulerName'),
        'spec.serviceAccountName': field('spec', 'serviceAccountName'),
        'spec.hostNetwork': object =>
          String(field('spec', 'hostNetwork')(object) ?? 'false'),
        'status.phase': field('status', 'phase'),
        'status.podIP': field('status', 'podIP'),
        'status.nominatedNodeName': field('status', 'nominatedNodeName'),
      },
      validate: modelValidator(Pod),
      prepareForCreate: preparePodForCreate,
      prepareForUpdate: preparePodForUpdate,
    }),
    defineResource({
      group: '',
      version: 'v1',
      kind: 'Service',
      plural: 'services',
      namespaced: true,
      shortNames: ['svc'],
      categories: ['all'],
      nameRule: 'dns-1035-label',
      verbs: [
        'create',
        'delete',
        'deletecollection',
        'get',
        'list',
        'patch',
        'update',
        'watch',
      ],
      hasStatusSubresource: true,
      validate: modelValidator(Service),
      prepareForCreate: service => services.prepareForCreate(service),
      prepareForUpdate: (next, previous) =>
        services.prepareForUpdate(next, previous),
    }),
    defineResource({
      group: '',
      version: 'v1',
      kind: 'Endpoints',
      plural: 'endpoints',
      singular: 'endpoints',
      namespaced: true,
      shortNames: ['ep'],
      validate: modelValidator(Endpoints),
    }),
    defineResource({
      group: '',
      version: 'v1',
      kind: 'ConfigMap',
      plural: 'configmaps',
      namespaced: true,
      shortNames: ['cm'],
      validate: modelValidator(ConfigMap),
      prepareForUpdate: immutableData,
    }),
    defineResource({
      group: '',
      version: 'v1',
      kind: 'Secret',
      plural: 'secrets',
      namespaced: true,
      fieldSelectors: { type: field('type') },
      validate: modelValidator(Secret),
      prepareForCreate: prepareSecret,
      prepareForUpdate: prepareSecretForUpdate,
    }),
    defineResource({
      group: '',
      version: 'v1',
      kind: 'ServiceAccount',
      plural: 'serviceaccounts',
      namespaced: true,
      shortNames: ['sa'],
      validate: modelValidator(ServiceAccount),
    }),
    defineResource({
      group: 'discovery.k8s.io',
      version: 'v1',
      kind: 'EndpointSlice',
      plural: 'endpointslices',
      namespaced: true,
      fieldSelectors: { addressType: field('addressType') },
      validate: modelValidator(EndpointSlice),
    }),
    defineResource({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      plural: 'deployments',
      namespaced: true,
      shortNames: ['deploy'],
      categories: ['all'],
      hasStatusSubresource: true,
      tracksGeneration: true,
      validate: modelValidator(Deployment),
      prepareForCreate: prepareDeploymentForCreate,
      prepareForUpdate: prepareWorkloadForUpdate,
    }),
    defineResource({
      group: 'apps',
      version: 'v1',
      kind: 'ReplicaSet',
      plural: 'replicasets',
      namespaced: true,
      shortNames: ['rs'],
      categories: ['all'],
      hasStatusSubresource: true,
      tracksGeneration: true,
      validate: modelValidator(ReplicaSet),
      prepareForCreate: prepareReplicaSetForCreate,
      prepareForUpdate: prepareWorkloadForUpdate,
    }),
    defineResource({
      group: 'apps',
      version: 'v1',
      kind: 'DaemonSet',
      plural: 'daemonsets',
      namespaced: true,
      shortNames: ['ds'],
      categories: ['all'],
      hasStatusSubresource: true,
      tracksGeneration: true,
      validate: modelValidator(DaemonSet),
      prepareForCreate: prepareDaemonSetForCreate,
      prepareForUpdate: prepareWorkloadForUpdate,
    }),
    ...rbacResources(),
    customResourceDefinitions(),
  ];
}

function rbacResources(): ResourceType[] {
  const rbac = (
    kind: string,
    plural: string,
    namespaced: boolean,
    model: Parameters<typeof modelValidator>[0],
  ) =>
    defineResource({
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      kind,
      plural,
      namespaced,
      nameRule: 'path-segment',
      validate: modelValidator(model),
    });
  return [
    rbac('ClusterRole', 'clusterroles', false, ClusterRole),
    rbac(
      'ClusterRoleBinding',
      'clusterrolebindings',
      false,
      ClusterRoleBinding,
    ),
    rbac('Role', 'roles', true, Role),
    rbac('RoleBinding', 'rolebindings', true, RoleBinding),
  ];
}
