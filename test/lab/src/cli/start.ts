import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Lab } from '../lab';
import { labRoot } from '../paths';
import { portalConfigYaml } from './portalConfig';

export const PORTAL_CONFIG_FILE = 'app-config.lab.yaml';
export const READY_FILE = 'lab.json';

/**
 * Runs the lab until SIGINT/SIGTERM and writes what the portal needs into
 * `stateDir` (git-ignored): a config file with credentials (0600, in a 0700
 * folder) and the ARM CA. `lab.json` appears last and says the lab is up.
 */
export async function startLab(
  stateDir: string,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await chmod(stateDir, 0o700);
  await rm(path.join(stateDir, READY_FILE), { force: true });

  const lab = await Lab.start();
  const armCaFile = path.join(stateDir, 'arm-ca.pem');
  await writeFile(armCaFile, lab.arm.caPem, { mode: 0o644 });
  const configFile = path.join(stateDir, PORTAL_CONFIG_FILE);
  await writeFile(
    configFile,
    portalConfigYaml(lab, {
      armCaFile,
      helmBinary: path.join(labRoot(), 'bin', 'helm'),
    }),
    { mode: 0o600 },
  );
  await chmod(configFile, 0o600);
  await writeFile(
    path.join(stateDir, READY_FILE),
    JSON.stringify(
      {
        pid: process.pid,
        resourceManagerEndpoint: lab.arm.endpoint,
        configFile,
      },
      null,
      2,
    ),
  );
  log(
    `lab: Azure Resource Manager and Entra ID at ${lab.arm.endpoint}; portal config in ${configFile}`,
  );

  return async () => {
    await rm(path.join(stateDir, READY_FILE), { force: true });
    await lab.stop();
  };
}
