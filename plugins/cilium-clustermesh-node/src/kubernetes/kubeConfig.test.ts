import { ClusterConnectionConfig } from '../config/meshConfig';
import { AKS_SERVER_APP_SCOPE, createKubeConfig } from './kubeConfig';

const base = {
  name: 'aks-1',
  url: 'https://127.0.0.1:6443',
  caData: Buffer.from('ca').toString('base64'),
};

describe('createKubeConfig', () => {
  it('uses the service account token and verifies TLS with the given CA', async () => {
    const kc = await createKubeConfig({
      ...base,
      authProvider: 'serviceAccount',
      serviceAccountToken: 't0k',
    });
    expect(kc.getCurrentCluster()).toMatchObject({
      server: base.url,
      caData: base.caData,
      skipTLSVerify: false,
    });
    expect(kc.getCurrentUser()?.token).toBe('t0k');
  });

  it('uses a client certificate', async () => {
    const kc = await createKubeConfig({
      ...base,
      authProvider: 'clientCertificate',
      clientCertData: 'Y2VydA==',
      clientKeyData: 'a2V5',
    });
    expect(kc.getCurrentUser()).toMatchObject({
      certData: 'Y2VydA==',
      keyData: 'a2V5',
    });
  });

  it('asks the Azure identity for a token of the AKS server app', async () => {
    const scopes: string[] = [];
    const kc = await createKubeConfig(
      { ...base, authProvider: 'azure' } as ClusterConnectionConfig,
      {
        azureCredential: {
          async getToken(scope) {
            scopes.push(scope);
            return { token: 'entra-token' };
          },
        },
      },
    );
    expect(scopes).toEqual([AKS_SERVER_APP_SCOPE]);
    expect(kc.getCurrentUser()?.token).toBe('entra-token');
  });

  it('explains what to configure when an azure cluster has no identity', async () => {
    await expect(
      createKubeConfig({
        ...base,
        authProvider: 'azure',
      } as ClusterConnectionConfig),
    ).rejects.toThrow(
      'Cluster aks-1 uses authProvider azure but the backend has no Azure identity',
    );
  });
});
