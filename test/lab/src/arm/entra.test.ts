import { getClient } from '@azure-rest/core-client';
import { TokenCredential } from '@azure/identity';
import { ArmEmulator } from './armEmulator';
import { createSigningKey, signJwt } from './jwt';
import {
  AKS_SCOPE,
  ARM_SCOPE,
  credentialFor,
  startEmulator,
  tlsTrust,
} from './__testUtils__/labAzure';

function staticToken(token: string): TokenCredential {
  return {
    getToken: async () => ({
      token,
      expiresOnTimestamp: Date.now() + 3_600_000,
    }),
  };
}

function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(
    Buffer.from(token.split('.')[1], 'base64url').toString('utf8'),
  );
}

describe('Entra ID and ARM authentication', () => {
  let emulator: ArmEmulator;

  beforeAll(async () => {
    ({ emulator } = await startEmulator());
  });

  afterAll(async () => {
    await emulator.stop();
  });

  async function listResourceGroupsWith(credential?: TokenCredential) {
    const client = credential
      ? getClient(emulator.endpoint, credential, {
          credentials: { scopes: [ARM_SCOPE] },
          ...tlsTrust(emulator),
        })
      : getClient(emulator.endpoint, tlsTrust(emulator));
    return client
      .pathUnchecked(
        `/subscriptions/${emulator.subscriptionId}/resourcegroups/nowhere`,
      )
      .get({ queryParameters: { 'api-version': '2021-04-01' } });
  }

  it('issues tokens to the lab client for any resource, verifiable per scope', async () => {
    const credential = credentialFor(emulator);
    const armToken = await credential.getToken(ARM_SCOPE);
    const aksToken = await credential.getToken(AKS_SCOPE);

    expect(emulator.verifyToken(armToken.token, ARM_SCOPE)).toMatchObject({
      aud: 'https://management.azure.com/',
      tid: emulator.tenantId,
      appid: emulator.clientId,
      idtyp: 'app',
    });
    expect(emulator.verifyToken(aksToken.token, AKS_SCOPE)).toMatchObject({
      aud: '6dae42f8-4368-4678-94ff-3960e28e3630',
      appid: emulator.clientId,
    });
    expect(emulator.verifyToken(aksToken.token, ARM_SCOPE)).toBeUndefined();
    expect(armToken.expiresOnTimestamp).toBeGreaterThan(Date.now());
  });

  it('lets ARM requests with an ARM token through', async () => {
    const response = await listResourceGroupsWith(credentialFor(emulator));
    expect(response.status).toBe('404');
    expect(response.body.error.code).toBe('ResourceGroupNotFound');
  });

  it('refuses a token issued for another audience', async () => {
    const aksToken = await credentialFor(emulator).getToken(AKS_SCOPE);
    const response = await listResourceGroupsWith(staticToken(aksToken.token));

    expect(response.status).toBe('401');
    expect(response.body).toEqual({
      error: {
        code: 'InvalidAuthenticationTokenAudience',
        message: expect.stringContaining(
          "The access token has been obtained for wrong audience or resource '6dae42f8-4368-4678-94ff-3960e28e3630'.",
        ),
      },
    });
    expect(response.headers['www-authenticate']).toContain(
      `authorization_uri="${emulator.endpoint}/${emulator.tenantId}"`,
    );
  });

  it('refuses forged and tampered tokens', async () => {
    const genuine = await credentialFor(emulator).getToken(ARM_SCOPE);
    const forged = signJwt(
      decodePayload(genuine.token),
      await createSigningKey(),
    );
    const [header, , signature] = genuine.token.split('.');
    const tampered = [
      header,
      Buffer.from(
        JSON.stringify({
          ...decodePayload(genuine.token),
          appid: 'someone-else',
        }),
      ).toString('base64url'),
      signature,
    ].join('.');

    for (const token of [forged, tampered, 'not-a-jwt']) {
      const response = await listResourceGroupsWith(staticToken(token));
      expect(response.status).toBe('401');
      expect(response.body).toEqual({
        error: {
          code: 'InvalidAuthenticationToken',
          message: 'The access token is invalid.',
        },
      });
      expect(emulator.verifyToken(token, ARM_SCOPE)).toBeUndefined();
    }
  });

  it('refuses requests without a bearer token', async () => {
    const response = await listResourceGroupsWith();
    expect(response.status).toBe('401');
    expect(response.body).toEqual({
      error: {
        code: 'AuthenticationFailed',
        message:
          "Authentication failed. The 'Authorization' header is missing.",
      },
    });
  });

  it('refuses a wrong client secret the way Entra does', async () => {
    await expect(
      credentialFor(emulator, 'not-the-secret').getToken(ARM_SCOPE),
    ).rejects.toThrow(/AADSTS7000215: Invalid client secret provided/);
  });

  it('refuses expired tokens', async () => {
    const { emulator: shortLived } = await startEmulator({
      tokenLifetimeSeconds: 0,
    });
    try {
      const token = await credentialFor(shortLived).getToken(ARM_SCOPE);
      const response = await getClient(
        shortLived.endpoint,
        staticToken(token.token),
        {
          credentials: { scopes: [ARM_SCOPE] },
          ...tlsTrust(shortLived),
        },
      )
        .pathUnchecked(
          `/subscriptions/${shortLived.subscriptionId}/resourcegroups/any`,
        )
        .get({ queryParameters: { 'api-version': '2021-04-01' } });

      expect(response.status).toBe('401');
      expect(response.body.error.code).toBe('ExpiredAuthenticationToken');
      expect(shortLived.verifyToken(token.token, ARM_SCOPE)).toBeUndefined();
    } finally {
      await shortLived.stop();
    }
  });
});
