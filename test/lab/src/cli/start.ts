import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startControlServer } from '../control/controlServer';
import { Lab } from '../lab';
import { labRoot } from '../paths';
import { applyPreset, PresetOptions } from '../presets';
import { portalConfigYaml } from './portalConfig';

export const PORTAL_CONFIG_FILE = 'app-config.lab.yaml';
export const READY_FILE = 'lab.json';

/**
 * Runs the lab until SIGINT/SIGTERM and writes what the portal needs into
 * `stateDir` (git-ignored): a config file with credentials (0600, in a 0700
 * folder) and the ARM CA. `lab.json` (0600: it holds the control token)
 * appears last, once the preset is in place, and says the lab is up.
 */
export async function startLab(
  stateDir: string,
  log: (line: string) => void,
  preset: PresetOptions = { preset: 'seed' },
): Promise<() => Promise<void>> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await chmod(stateDir, 0o700);
  await rm(path.join(stateDir, READY_FILE), { force: true });

  const lab = await Lab.start();
  const control = await startControlServer(lab);
  const stop = async () => {
    await rm(path.join(stateDir, READY_FILE), { force: true });
    await control.stop();
    await lab.stop();
  };
  try {
    const armCaFile = path.join(stateDir, 'arm-ca.pem');
    await writeFile(armCaFile, lab.arm.caPem, { mode: 0o644 });
    const configFile = path.join(stateDir, PORTAL_CONFIG_FILE);
    const paths = {
      armCaFile,
      helmBinary: path.join(labRoot(), 'bin', 'helm'),
    };
    await writePrivate(configFile, portalConfigYaml(lab, paths));
    const started = Date.now();
    const mesh = await applyPreset(lab, preset, { workDir: stateDir, log });
    if (mesh) {
      await writePrivate(configFile, portalConfigYaml(lab, paths, [mesh]));
    }
    log(
      `lab: preset ${preset.preset} ready in ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
    const readyFile = path.join(stateDir, READY_FILE);
    await writeFile(
      readyFile,
      JSON.stringify(
        {
          pid: process.pid,
          resourceManagerEndpoint: lab.arm.endpoint,
          configFile,
          preset: preset.preset,
          control: { url: control.url, token: control.token },
        },
        null,
        2,
      ),
      { mode: 0o600 },
    );
    await chmod(readyFile, 0o600);
    log(
      `lab: Azure Resource Manager and Entra ID at ${lab.arm.endpoint}; portal config in ${configFile}; faults: test/lab/bin/lab fault --help`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

async function writePrivate(file: string, content: string): Promise<void> {
  await writeFile(file, content, { mode: 0o600 });
  await chmod(file, 0o600);
}
