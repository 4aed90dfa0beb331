// Generated from openapi.yaml by scripts/generate-openapi.mjs; do not edit.
/* eslint-disable */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'cilium-clustermesh',
    version: '1',
    description:
      'Cilium ClusterMesh status, problems, global services and connection history of every mesh the portal knows. Every status route needs Backstage credentials and the `cilium-clustermesh.mesh.read` permission (refresh: `cilium-clustermesh.mesh.refresh`); registering a mesh needs Backstage service credentials. No response carries keys, tokens or kubeconfigs, and only a registration returns certificates: the API server CAs it was given.',
    license: {
      name: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/health': {
      get: {
        operationId: 'Health',
        description:
          'Whether the plugin answers; for Backstage users and services only.',
        responses: {
          '200': {
            description: 'It answers.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['status'],
                  additionalProperties: false,
                  properties: {
                    status: {
                      type: 'string',
                      enum: ['ok'],
                    },
                  },
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/meshes': {
      get: {
        operationId: 'ListMeshes',
        description: 'Every mesh with its health summary.',
        responses: {
          '200': {
            description: 'The meshes, by name.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  additionalProperties: false,
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/MeshSummary',
                      },
                    },
                  },
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/meshes/{mesh}': {
      get: {
        operationId: 'GetMesh',
        description:
          'Clusters, problems, connection counts, the connections that are not connected, and the age of the data. Every connection is under `/meshes/{mesh}/connections`.',
        parameters: [
          {
            $ref: '#/components/parameters/mesh',
          },
        ],
        responses: {
          '200': {
            description: 'The mesh.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/MeshStatusResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/meshes/{mesh}/refresh': {
      post: {
        operationId: 'RefreshMesh',
        description:
          'Reads every cluster of the mesh now. Rate-limited per mesh.',
        parameters: [
          {
            $ref: '#/components/parameters/mesh',
          },
        ],
        responses: {
          '200': {
            description: 'The mesh, freshly read.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/MeshStatusResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '429': {
            description:
              'Refreshed too recently; retry after the given seconds.',
            headers: {
              'Retry-After': {
                schema: {
                  type: 'integer',
                },
              },
            },
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/meshes/{mesh}/connections': {
      get: {
        operationId: 'ListConnections',
        description:
          'Every connection of the mesh, one per direction, as every agent and KVStoreMesh replica of the `from` cluster sees the `to` cluster; sorted by from, then to.',
        parameters: [
          {
            $ref: '#/components/parameters/mesh',
          },
          {
            name: 'from',
            in: 'query',
            required: false,
            schema: {
              $ref: '#/components/schemas/ClusterName',
            },
          },
          {
            name: 'to',
            in: 'query',
            required: false,
            schema: {
              $ref: '#/components/schemas/ClusterName',
            },
          },
          {
            name: 'state',
            in: 'query',
            required: false,
            schema: {
              $ref: '#/components/schemas/ConnectionState',
            },
          },
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/offset',
          },
        ],
        responses: {
          '200': {
            description: 'A page of connections.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items', 'total', 'refreshedAt', 'ageSeconds'],
                  additionalProperties: false,
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/MeshConnection',
                      },
                    },
                    total: {
                      type: 'integer',
                      description:
                        'Connections matching the filters, on all pages.',
                    },
                    refreshedAt: {
                      type: 'string',
                      format: 'date-time',
                    },
                    ageSeconds: {
                      type: 'number',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/meshes/{mesh}/connection-grid': {
      get: {
        operationId: 'GetConnectionGrid',
        description:
          "Every connection's state, configuration and ready counts in one response, as columns: entry i of each array describes the same direction, and from/to index clusters. What a graph or matrix of the whole mesh needs, about a tenth of the size of the connection list; failures, pods and remote counts come from /connections.",
        parameters: [
          {
            $ref: '#/components/parameters/mesh',
          },
        ],
        responses: {
          '200': {
            description:
              'Every connection, column by column, sorted by from, then to.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ConnectionGrid',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/meshes/{mesh}/global-services': {
      get: {
        operationId: 'ListGlobalServices',
        description:
          'Every Service annotated global in any cluster of the mesh: presence, shared, affinity and ready backends per cluster, and which clusters serve each consuming cluster.',
        parameters: [
          {
            $ref: '#/components/parameters/mesh',
          },
          {
            name: 'namespace',
            in: 'query',
            required: false,
            schema: {
              $ref: '#/components/schemas/KubernetesName',
            },
          },
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/offset',
          },
        ],
        responses: {
          '200': {
            description: 'A page of global services, by namespace and name.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: [
                    'items',
                    'total',
                    'observedAt',
                    'refreshedAt',
                    'ageSeconds',
                  ],
                  additionalProperties: false,
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/GlobalServiceStatus',
                      },
                    },
                    total: {
                      type: 'integer',
                      description:
                        'Services matching the filter, on all pages.',
                    },
                    observedAt: {
                      type: 'string',
                      format: 'date-time',
                    },
                    refreshedAt: {
                      type: 'string',
                      format: 'date-time',
                    },
                    ageSeconds: {
                      type: 'number',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/meshes/{mesh}/clusters/{cluster}': {
      get: {
        operationId: 'GetCluster',
        description: 'One cluster, its connections both ways and its problems.',
        parameters: [
          {
            $ref: '#/components/parameters/mesh',
          },
          {
            name: 'cluster',
            in: 'path',
            required: true,
            schema: {
              $ref: '#/components/schemas/ClusterName',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The cluster.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: [
                    'mesh',
                    'cluster',
                    'connections',
                    'problems',
                    'refreshedAt',
                    'ageSeconds',
                  ],
                  additionalProperties: false,
                  properties: {
                    mesh: {
                      type: 'string',
                    },
                    cluster: {
                      $ref: '#/components/schemas/ClusterStatus',
                    },
                    connections: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/MeshConnection',
                      },
                    },
                    problems: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/MeshProblem',
                      },
                    },
                    refreshedAt: {
                      type: 'string',
                      format: 'date-time',
                    },
                    ageSeconds: {
                      type: 'number',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/meshes/{mesh}/history': {
      get: {
        operationId: 'GetMeshHistory',
        description: 'Connection-state changes, newest first.',
        parameters: [
          {
            $ref: '#/components/parameters/mesh',
          },
          {
            name: 'from',
            in: 'query',
            required: false,
            description: 'Only connections from this cluster.',
            schema: {
              $ref: '#/components/schemas/ClusterName',
            },
          },
          {
            name: 'to',
            in: 'query',
            required: false,
            description: 'Only connections to this cluster.',
            schema: {
              $ref: '#/components/schemas/ClusterName',
            },
          },
          {
            name: 'since',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'until',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              pattern: '^([1-9][0-9]{0,2}|1000)$',
            },
            description: 'At most this many entries (1 to 1000, default 100).',
          },
          {
            name: 'before',
            in: 'query',
            required: false,
            description: 'Cursor from `nextBefore` of the previous page.',
            schema: {
              type: 'string',
              pattern: '^[1-9][0-9]{0,15}$',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The changes.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  additionalProperties: false,
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/ConnectionEvent',
                      },
                    },
                    nextBefore: {
                      type: 'integer',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/meshes/{mesh}/registration': {
      get: {
        operationId: 'GetMeshRegistration',
        description:
          'The registration of a mesh our scaffolder module created, as stored: its clusters with their API server CAs and Azure coordinates (`subscriptionId`, `resourceGroup`, `managedCluster`), which a join sends again with the new cluster. Backstage service credentials only (a user token is refused with 403). A mesh from app-config or the catalog is not a registration and answers 404.',
        parameters: [
          {
            $ref: '#/components/parameters/mesh',
          },
        ],
        responses: {
          '200': {
            description: 'The registration as stored.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RegisteredMesh',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
      put: {
        operationId: 'RegisterMesh',
        description:
          "Creates or replaces a mesh our scaffolder module created, recorded in the plugin's database. Backstage service credentials only (a user token is refused with 403). The mesh name is the path's. Its clusters are reached with the backend's own Azure identity, so a registration holds no secret: unknown fields, and credential fields above all, are refused with 400 naming the field, the rule and the fix. A mesh of that name in app-config answers 409. The status routes serve the new definition at once.",
        parameters: [
          {
            $ref: '#/components/parameters/mesh',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/MeshRegistrationRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The registration as stored.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RegisteredMesh',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
      delete: {
        operationId: 'UnregisterMesh',
        description:
          'Removes a registered mesh; Backstage service credentials only. Its connection history stays until the retention period removes it.',
        parameters: [
          {
            $ref: '#/components/parameters/mesh',
          },
        ],
        responses: {
          '204': {
            description: 'Removed.',
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
  },
  components: {
    parameters: {
      limit: {
        name: 'limit',
        in: 'query',
        required: false,
        description: 'At most this many (1 to 5000, default 1000).',
        schema: {
          type: 'string',
          pattern: '^([1-9][0-9]{0,2}|[1-4][0-9]{3}|5000)$',
        },
      },
      offset: {
        name: 'offset',
        in: 'query',
        required: false,
        schema: {
          type: 'string',
          pattern: '^(0|[1-9][0-9]{0,6})$',
        },
      },
      mesh: {
        name: 'mesh',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$',
        },
      },
    },
    responses: {
      ErrorResponse: {
        description: 'An error.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
          },
          request: {
            type: 'object',
          },
          response: {
            type: 'object',
          },
        },
      },
      KubernetesName: {
        type: 'string',
        pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$',
      },
      ClusterName: {
        type: 'string',
        pattern: '^([a-z0-9][-a-z0-9]*)?[a-z0-9]$',
        maxLength: 63,
      },
      Health: {
        type: 'string',
        enum: ['healthy', 'degraded', 'down', 'unknown'],
      },
      MeshSource: {
        type: 'string',
        enum: ['config', 'registered', 'catalog'],
      },
      MeshSummary: {
        type: 'object',
        required: [
          'name',
          'source',
          'health',
          'clusters',
          'connections',
          'problems',
        ],
        additionalProperties: false,
        properties: {
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          source: {
            $ref: '#/components/schemas/MeshSource',
          },
          health: {
            $ref: '#/components/schemas/Health',
          },
          observedAt: {
            type: 'string',
            format: 'date-time',
          },
          refreshedAt: {
            type: 'string',
            format: 'date-time',
          },
          ageSeconds: {
            type: 'number',
          },
          clusters: {
            type: 'object',
            required: ['total', 'healthy'],
            additionalProperties: false,
            properties: {
              total: {
                type: 'integer',
              },
              healthy: {
                type: 'integer',
              },
            },
          },
          connections: {
            type: 'object',
            required: ['total', 'connected'],
            additionalProperties: false,
            properties: {
              total: {
                type: 'integer',
              },
              connected: {
                type: 'integer',
              },
            },
          },
          problems: {
            type: 'object',
            required: ['error', 'warning', 'info'],
            additionalProperties: false,
            properties: {
              error: {
                type: 'integer',
              },
              warning: {
                type: 'integer',
              },
              info: {
                type: 'integer',
              },
            },
          },
          lastChangeAt: {
            description:
              'When the newest recorded connection-state change of the mesh happened; absent when none was recorded.',
            type: 'string',
            format: 'date-time',
          },
        },
      },
      MeshStatusResponse: {
        type: 'object',
        required: [
          'mesh',
          'source',
          'health',
          'observedAt',
          'refreshedAt',
          'ageSeconds',
          'clusters',
          'connectionCounts',
          'unhealthyConnections',
          'problems',
        ],
        additionalProperties: false,
        properties: {
          mesh: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          source: {
            $ref: '#/components/schemas/MeshSource',
          },
          health: {
            $ref: '#/components/schemas/Health',
          },
          observedAt: {
            type: 'string',
            format: 'date-time',
          },
          refreshedAt: {
            type: 'string',
            format: 'date-time',
          },
          ageSeconds: {
            type: 'number',
          },
          clusters: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ClusterStatus',
            },
          },
          connectionCounts: {
            type: 'object',
            description: 'Connections by state, all directions.',
            required: [
              'total',
              'connected',
              'degraded',
              'disconnected',
              'unconfigured',
              'unknown',
            ],
            additionalProperties: false,
            properties: {
              total: {
                type: 'integer',
              },
              connected: {
                type: 'integer',
              },
              degraded: {
                type: 'integer',
              },
              disconnected: {
                type: 'integer',
              },
              unconfigured: {
                type: 'integer',
              },
              unknown: {
                type: 'integer',
              },
            },
          },
          unhealthyConnections: {
            type: 'array',
            description: 'Every connection whose state is not `connected`.',
            items: {
              $ref: '#/components/schemas/MeshConnection',
            },
          },
          problems: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MeshProblem',
            },
          },
        },
      },
      ObservationError: {
        type: 'object',
        required: ['source', 'kind', 'message'],
        additionalProperties: false,
        properties: {
          source: {
            type: 'string',
          },
          kind: {
            type: 'string',
            enum: [
              'unreachable',
              'timeout',
              'unauthorized',
              'forbidden',
              'notFound',
              'invalid',
              'failed',
            ],
          },
          message: {
            type: 'string',
          },
        },
      },
      WorkloadReadiness: {
        type: 'object',
        required: ['desired', 'ready'],
        additionalProperties: false,
        properties: {
          desired: {
            type: 'integer',
          },
          ready: {
            type: 'integer',
          },
        },
      },
      ServerCertificate: {
        type: 'object',
        required: ['endpoint', 'subject', 'issuer', 'notAfter'],
        additionalProperties: false,
        properties: {
          endpoint: {
            type: 'string',
          },
          subject: {
            type: 'string',
          },
          issuer: {
            type: 'string',
          },
          notAfter: {
            type: 'string',
            format: 'date-time',
          },
          issuerKeyId: {
            type: 'string',
          },
        },
      },
      CiliumSummary: {
        type: 'object',
        required: ['maxConnectedClusters', 'encryption', 'podCidrs', 'agents'],
        additionalProperties: false,
        properties: {
          version: {
            type: 'string',
          },
          clusterName: {
            type: 'string',
          },
          clusterId: {
            type: 'integer',
          },
          maxConnectedClusters: {
            type: 'integer',
          },
          routingMode: {
            type: 'string',
          },
          tunnelProtocol: {
            type: 'string',
          },
          kubeProxyReplacement: {
            type: 'string',
          },
          encryption: {
            type: 'string',
            enum: ['disabled', 'wireguard', 'ipsec'],
          },
          podCidrs: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          agents: {
            type: 'object',
            required: ['desired', 'ready', 'metricsEnabled'],
            additionalProperties: false,
            properties: {
              desired: {
                type: 'integer',
              },
              ready: {
                type: 'integer',
              },
              metricsEnabled: {
                type: 'boolean',
              },
            },
          },
          operator: {
            $ref: '#/components/schemas/WorkloadReadiness',
          },
          clustermeshApiserver: {
            type: 'object',
            required: ['desired', 'ready', 'addresses', 'kvstoremesh'],
            additionalProperties: false,
            properties: {
              desired: {
                type: 'integer',
              },
              ready: {
                type: 'integer',
              },
              serviceType: {
                type: 'string',
              },
              addresses: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              port: {
                type: 'integer',
              },
              kvstoremesh: {
                type: 'boolean',
              },
              certificate: {
                $ref: '#/components/schemas/ServerCertificate',
              },
            },
          },
        },
      },
      ClusterStatus: {
        type: 'object',
        required: [
          'name',
          'health',
          'observedAt',
          'warnings',
          'configuredPeers',
        ],
        additionalProperties: false,
        properties: {
          name: {
            type: 'string',
          },
          health: {
            $ref: '#/components/schemas/Health',
          },
          observedAt: {
            type: 'string',
            format: 'date-time',
          },
          error: {
            $ref: '#/components/schemas/ObservationError',
          },
          warnings: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ObservationError',
            },
          },
          cilium: {
            $ref: '#/components/schemas/CiliumSummary',
          },
          configuredPeers: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      ConnectionState: {
        type: 'string',
        enum: [
          'connected',
          'degraded',
          'disconnected',
          'unconfigured',
          'unknown',
        ],
      },
      ConnectionLayer: {
        type: 'object',
        required: [
          'total',
          'configured',
          'ready',
          'unreadable',
          'failures',
          'notReadyPods',
        ],
        additionalProperties: false,
        properties: {
          total: {
            type: 'integer',
          },
          configured: {
            type: 'integer',
          },
          ready: {
            type: 'integer',
          },
          unreadable: {
            type: 'integer',
          },
          nodes: {
            type: 'integer',
          },
          services: {
            type: 'integer',
          },
          endpoints: {
            type: 'integer',
          },
          failures: {
            type: 'integer',
          },
          lastFailure: {
            type: 'string',
            format: 'date-time',
          },
          notReadyPods: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      ConnectionGrid: {
        type: 'object',
        required: [
          'clusters',
          'from',
          'to',
          'state',
          'configured',
          'agentsReady',
          'agentsTotal',
          'kvstoremeshReady',
          'kvstoremeshTotal',
          'refreshedAt',
          'ageSeconds',
        ],
        additionalProperties: false,
        properties: {
          clusters: {
            type: 'array',
            description: 'Mesh-definition names that from and to index.',
            items: {
              type: 'string',
            },
          },
          from: {
            type: 'array',
            items: {
              type: 'integer',
              minimum: 0,
            },
          },
          to: {
            type: 'array',
            items: {
              type: 'integer',
              minimum: 0,
            },
          },
          state: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ConnectionState',
            },
          },
          configured: {
            type: 'array',
            description:
              "The from cluster's own configuration names the to cluster.",
            items: {
              type: 'boolean',
            },
          },
          agentsReady: {
            type: 'array',
            description:
              'Agents of from that see to ready; null without agent metrics.',
            items: {
              type: ['integer', 'null'],
              minimum: 0,
            },
          },
          agentsTotal: {
            type: 'array',
            items: {
              type: ['integer', 'null'],
              minimum: 0,
            },
          },
          kvstoremeshReady: {
            type: 'array',
            description:
              'KVStoreMesh replicas of from that see to ready; null without KVStoreMesh.',
            items: {
              type: ['integer', 'null'],
              minimum: 0,
            },
          },
          kvstoremeshTotal: {
            type: 'array',
            items: {
              type: ['integer', 'null'],
              minimum: 0,
            },
          },
          refreshedAt: {
            type: 'string',
            format: 'date-time',
          },
          ageSeconds: {
            type: 'number',
          },
        },
      },
      MeshConnection: {
        type: 'object',
        required: ['from', 'to', 'configured', 'state'],
        additionalProperties: false,
        properties: {
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          configured: {
            type: 'boolean',
          },
          state: {
            $ref: '#/components/schemas/ConnectionState',
          },
          agents: {
            $ref: '#/components/schemas/ConnectionLayer',
          },
          kvstoremesh: {
            $ref: '#/components/schemas/ConnectionLayer',
          },
        },
      },
      MeshProblem: {
        type: 'object',
        required: [
          'id',
          'code',
          'severity',
          'clusters',
          'title',
          'explanation',
          'remediation',
        ],
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
          },
          code: {
            type: 'string',
          },
          severity: {
            type: 'string',
            enum: ['error', 'warning', 'info'],
          },
          clusters: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          service: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          explanation: {
            type: 'string',
          },
          remediation: {
            type: 'string',
          },
          command: {
            type: 'string',
          },
        },
      },
      ServiceAffinity: {
        type: 'string',
        enum: ['local', 'remote', 'none'],
      },
      GlobalServiceStatus: {
        type: 'object',
        required: ['namespace', 'name', 'clusters', 'routing'],
        additionalProperties: false,
        properties: {
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          clusters: {
            type: 'array',
            items: {
              type: 'object',
              required: [
                'cluster',
                'present',
                'global',
                'shared',
                'affinity',
                'readyBackends',
                'namespaceGlobal',
              ],
              additionalProperties: false,
              properties: {
                cluster: {
                  type: 'string',
                },
                present: {
                  type: 'boolean',
                },
                global: {
                  type: 'boolean',
                },
                shared: {
                  type: 'boolean',
                },
                affinity: {
                  $ref: '#/components/schemas/ServiceAffinity',
                },
                readyBackends: {
                  type: 'integer',
                },
                namespaceGlobal: {
                  type: 'boolean',
                },
                unknown: {
                  type: 'boolean',
                },
              },
            },
          },
          routing: {
            type: 'array',
            items: {
              type: 'object',
              required: ['from', 'servedBy', 'reason'],
              additionalProperties: false,
              properties: {
                from: {
                  type: 'string',
                },
                servedBy: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['cluster', 'backends'],
                    additionalProperties: false,
                    properties: {
                      cluster: {
                        type: 'string',
                      },
                      backends: {
                        type: 'integer',
                      },
                      linkReady: {
                        type: 'boolean',
                      },
                    },
                  },
                },
                reason: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      ConnectionEvent: {
        type: 'object',
        required: ['id', 'mesh', 'from', 'to', 'state', 'at'],
        additionalProperties: false,
        properties: {
          id: {
            type: 'integer',
          },
          mesh: {
            type: 'string',
          },
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          state: {
            $ref: '#/components/schemas/ConnectionState',
          },
          previousState: {
            $ref: '#/components/schemas/ConnectionState',
          },
          detail: {
            type: 'string',
          },
          at: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      MeshRegistrationRequest: {
        type: 'object',
        description:
          'Checked by the plugin rather than by this schema, so that every refusal names the field, the rule and the fix: `clusters` is required, unknown fields are refused, and no value is ever echoed.',
        properties: {
          title: {
            type: 'string',
            description: 'Shown in the portal; 1 to 200 characters.',
          },
          clusters: {
            type: 'array',
            description:
              'At least one; Cilium cluster names unique in the mesh.',
            items: {
              type: 'object',
              description:
                '`name` (Cilium cluster name), `url` (https API server URL), `caData` (base64 PEM of the API server CA), `authProvider` (`azure`, the only one accepted) and optionally `azure` (`subscriptionId`, `resourceGroup`, `managedCluster`).',
              properties: {
                name: {
                  type: 'string',
                },
                url: {
                  type: 'string',
                },
                caData: {
                  type: 'string',
                },
                authProvider: {
                  type: 'string',
                },
                azure: {
                  type: 'object',
                  properties: {
                    subscriptionId: {
                      type: 'string',
                    },
                    resourceGroup: {
                      type: 'string',
                    },
                    managedCluster: {
                      type: 'string',
                    },
                  },
                },
              },
            },
          },
          createdBy: {
            type: 'string',
            description:
              'Entity ref of the user whose template run created the mesh.',
          },
        },
      },
      RegisteredCluster: {
        type: 'object',
        required: ['name', 'url', 'caData', 'authProvider'],
        additionalProperties: false,
        properties: {
          name: {
            type: 'string',
          },
          url: {
            type: 'string',
          },
          caData: {
            type: 'string',
            description: 'Base64 PEM of the API server CA (public).',
          },
          authProvider: {
            type: 'string',
            enum: ['azure'],
          },
          azure: {
            type: 'object',
            required: ['subscriptionId', 'resourceGroup', 'managedCluster'],
            additionalProperties: false,
            properties: {
              subscriptionId: {
                type: 'string',
              },
              resourceGroup: {
                type: 'string',
              },
              managedCluster: {
                type: 'string',
              },
            },
          },
        },
      },
      RegisteredMesh: {
        type: 'object',
        required: ['name', 'clusters', 'createdAt', 'updatedAt'],
        additionalProperties: false,
        properties: {
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          clusters: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RegisteredCluster',
            },
          },
          createdBy: {
            type: 'string',
            description:
              'Kept from the first registration when it is replaced.',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
    },
  },
} as const;
