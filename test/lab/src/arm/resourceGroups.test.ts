import { ArmEmulator } from './armEmulator';
import { armClient, startEmulator } from './__testUtils__/labAzure';

describe('resource groups', () => {
  let emulator: ArmEmulator;

  beforeAll(async () => {
    ({ emulator } = await startEmulator());
  });

  afterAll(async () => {
    await emulator.stop();
  });

  function group(name: string) {
    return armClient(emulator).pathUnchecked(
      `/subscriptions/${emulator.subscriptionId}/resourcegroups/${name}`,
    );
  }
  const query = { queryParameters: { 'api-version': '2024-03-01' } };

  it('creates with 201, updates with 200 and reads back case-insensitively', async () => {
    const created = await group('Mesh-Lab').put({
      ...query,
      body: { location: 'West Europe' },
    });
    expect(created.status).toBe('201');
    expect(created.body).toEqual({
      id: `/subscriptions/${emulator.subscriptionId}/resourceGroups/Mesh-Lab`,
      name: 'Mesh-Lab',
      type: 'Microsoft.Resources/resourceGroups',
      location: 'westeurope',
      properties: { provisioningState: 'Succeeded' },
    });

    const updated = await group('mesh-lab').put({
      ...query,
      body: { location: 'westeurope', tags: { owner: 'lab' } },
    });
    expect(updated.status).toBe('200');
    expect((await group('MESH-LAB').get(query)).body).toMatchObject({
      name: 'Mesh-Lab',
      tags: { owner: 'lab' },
    });
  });

  it('lists the groups of the subscription', async () => {
    await group('listed-lab').put({ ...query, body: { location: 'eastus' } });
    const listed = await armClient(emulator)
      .pathUnchecked(`/subscriptions/${emulator.subscriptionId}/resourcegroups`)
      .get(query);
    expect(listed.status).toBe('200');
    expect(
      (listed.body as { value: { name: string }[] }).value.map(g => g.name),
    ).toContain('listed-lab');
  });

  it('refuses to move a group to another location', async () => {
    await group('pinned').put({ ...query, body: { location: 'westeurope' } });
    const moved = await group('pinned').put({
      ...query,
      body: { location: 'northeurope' },
    });
    expect(moved.status).toBe('409');
    expect(moved.body).toEqual({
      error: {
        code: 'InvalidResourceGroupLocation',
        message:
          "Invalid resource group location 'northeurope'. The Resource group already exists in location 'westeurope'.",
      },
    });
  });

  it('refuses invalid names', async () => {
    const response = await group('bad name!').put({
      ...query,
      body: { location: 'westeurope' },
    });
    expect(response.status).toBe('400');
    expect(response.body.error).toEqual({
      code: 'InvalidResourceGroup',
      message:
        "The provided resource group name 'bad name!' has these invalid characters: ' !'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.",
    });
  });

  it('answers 404 ResourceGroupNotFound for a missing group', async () => {
    const response = await group('missing').get(query);
    expect(response.status).toBe('404');
    expect(response.headers['x-ms-failure-cause']).toBe('gateway');
    expect(response.body).toEqual({
      error: {
        code: 'ResourceGroupNotFound',
        message: "Resource group 'missing' could not be found.",
      },
    });
  });
});
