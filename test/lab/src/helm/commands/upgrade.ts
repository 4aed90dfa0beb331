import { ParsedCommand } from '../args';
import { locateChart, validateChartValues } from '../charts';
import { HelmError } from '../errors';
import { connect, describeKubeError, statusCode } from '../kube';
import { checkOwnership } from '../ownership';
import { Release, ReleaseStore } from '../releases';
import { collectUserValues, mergeValues } from '../values';
import { waitForRelease } from '../wait';
import { printRelease } from './output';

const RELEASE_NAME =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** `helm upgrade [--install]` and `helm install`: validate everything, then write one revision. */
export async function upgrade(
  parsed: ParsedCommand,
  out: (text: string) => void,
): Promise<void> {
  const isInstall = parsed.command[0] === 'install';
  const verb = isInstall ? 'INSTALLATION FAILED' : 'UPGRADE FAILED';
  const [name, chartReference] = parsed.positionals;
  if (!name || !chartReference || parsed.positionals.length > 2) {
    throw new HelmError(
      `"helm ${parsed.command[0]}" requires 2 arguments\n\nUsage:  helm ${parsed.command[0]} [RELEASE] [CHART] [flags]`,
    );
  }
  if (name.length > 53 || !RELEASE_NAME.test(name)) {
    throw new HelmError(
      `${verb}: invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53`,
    );
  }
  const { flags } = parsed;
  const chart = locateChart(chartReference, flags.version, flags.repo);
  const userValues = await collectUserValues(flags);
  const validate = (values: typeof userValues, render: boolean) => {
    try {
      validateChartValues(chart, values, { render });
    } catch (error) {
      throw new HelmError(`${verb}: ${(error as Error).message}`);
    }
  };
  // Refuse ill-typed values before even reaching the cluster.
  validate(userValues, false);

  const clients = connect(flags);
  const store = new ReleaseStore(clients, flags.namespace);
  const history = await store.history(name);
  const latest = history[history.length - 1];

  if (latest?.info.status.startsWith('pending-')) {
    throw new HelmError(
      `${verb}: another operation (install/upgrade/rollback) is in progress`,
    );
  }
  if (isInstall && latest && latest.info.status !== 'uninstalled') {
    throw new HelmError(
      'INSTALLATION FAILED: cannot re-use a name that is still in use',
    );
  }
  const installing = !latest || latest.info.status === 'uninstalled';
  if (installing && !isInstall && !flags.install) {
    throw new HelmError(`UPGRADE FAILED: "${name}" has no deployed releases`);
  }

  const config =
    flags.reuseValues && latest && !flags.resetValues
      ? mergeValues(latest.config, userValues)
      : userValues;
  validate(config, true);
  await ensureNamespace(clients, flags.namespace, flags.createNamespace, verb);
  await checkOwnership(
    clients,
    chart,
    config,
    { name, namespace: flags.namespace },
    installing ? 'install' : 'update',
  );

  const now = new Date().toISOString();
  const release: Release = {
    name,
    namespace: flags.namespace,
    version: (latest?.version ?? 0) + 1,
    info: {
      first_deployed: history[0]?.info.first_deployed ?? now,
      last_deployed: now,
      deleted: '',
      description: installing
        ? 'Initial install underway'
        : 'Preparing upgrade',
      status: installing ? 'pending-install' : 'pending-upgrade',
    },
    chart: { metadata: chart, values: {} },
    config,
    manifest: '',
  };
  await store.create(release);

  if (
    flags.wait &&
    !(await waitForRelease(clients, flags.namespace, name, flags.timeoutMs))
  ) {
    release.info = {
      ...release.info,
      status: 'failed',
      description: `Release "${name}" failed: context deadline exceeded`,
    };
    await store.update(release);
    throw new HelmError(`${verb}: context deadline exceeded`);
  }

  for (const previous of history.filter(r => r.info.status === 'deployed')) {
    previous.info = { ...previous.info, status: 'superseded' };
    await store.update(previous);
  }
  release.info = {
    ...release.info,
    status: 'deployed',
    description: installing ? 'Install complete' : 'Upgrade complete',
  };
  await store.update(release);

  if (flags.output === 'table' && !isInstall) {
    out(
      installing
        ? `Release "${name}" does not exist. Installing it now.`
        : `Release "${name}" has been upgraded. Happy Helming!`,
    );
  }
  printRelease(release, flags.output, out);
}

async function ensureNamespace(
  clients: ReturnType<typeof connect>,
  namespace: string,
  create: boolean,
  verb: string,
): Promise<void> {
  try {
    await clients.core.readNamespace({ name: namespace });
    return;
  } catch (error) {
    if (statusCode(error) !== 404)
      throw describeKubeError(error, clients.server);
  }
  if (!create) {
    throw new HelmError(
      `${verb}: create: failed to create: namespaces "${namespace}" not found`,
    );
  }
  try {
    await clients.core.createNamespace({
      body: { metadata: { name: namespace } },
    });
  } catch (error) {
    if (statusCode(error) !== 409)
      throw describeKubeError(error, clients.server);
  }
}
