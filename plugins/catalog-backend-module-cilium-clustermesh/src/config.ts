import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 60 },
  timeout: { minutes: 2 },
  // The first run would otherwise race the backend's HTTP server coming up.
  initialDelay: { seconds: 15 },
};

export const DEFAULT_OWNER = 'group:default/platform';

const OWNER_KEY = 'catalog.providers.ciliumClusterMesh.owner';

export interface ProviderSettings {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Full entity ref, so every provided entity names its owner the same way. */
  owner: string;
}

/**
 * Reads `catalog.providers.ciliumClusterMesh`. A bad owner throws, because
 * otherwise every provided entity would fail validation in the catalog.
 */
export function readProviderSettings(config: Config): ProviderSettings {
  const section = config.getOptionalConfig(
    'catalog.providers.ciliumClusterMesh',
  );
  const schedule = section?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        section.getConfig('schedule'),
      )
    : DEFAULT_SCHEDULE;
  return {
    schedule,
    owner: readOwner(section?.getOptionalString('owner') ?? DEFAULT_OWNER),
  };
}

function readOwner(value: string): string {
  const invalid = () =>
    new InputError(
      `${OWNER_KEY} must be an entity ref like group:default/platform, got "${value}"`,
    );
  let ref;
  try {
    ref = parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    throw invalid();
  }
  if (
    !KubernetesValidatorFunctions.isValidKind(ref.kind) ||
    !KubernetesValidatorFunctions.isValidNamespace(ref.namespace) ||
    !KubernetesValidatorFunctions.isValidObjectName(ref.name)
  ) {
    throw invalid();
  }
  return stringifyEntityRef(ref);
}
