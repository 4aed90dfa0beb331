/** metav1.StatusCause: every field optional, so a FieldViolation is one. */
export interface StatusCause {
  field?: string;
  reason?: string;
  message?: string;
}

/** metav1.Status exactly as the real API server serialises it. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
  };
  code: number;
}

/** The resource in the form error messages use: `configmaps`, `deployments.apps`. */
export interface GroupResource {
  group: string;
  plural: string;
}

export function qualifiedResource({ group, plural }: GroupResource): string {
  return group ? `${plural}.${group}` : plural;
}

function failure(
  code: number,
  reason: string | undefined,
  message: string,
  details?: Status['details'],
): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    ...(reason ? { reason } : {}),
    ...(details ? { details } : {}),
    code,
  };
}

function resourceDetails(
  resource: GroupResource,
  name?: string,
): Status['details'] {
  return {
    ...(name !== undefined ? { name } : {}),
    ...(resource.group ? { group: resource.group } : {}),
    kind: resource.plural,
  };
}

/** An error carrying the Status the API server answers with; thrown anywhere below a request. */
export class KubeApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'KubeApiError';
  }

  get code(): number {
    return this.status.code;
  }

  static notFound(resource: GroupResource, name: string): KubeApiError {
    return new KubeApiError(
      failure(
        404,
        'NotFound',
        `${qualifiedResource(resource)} "${name}" not found`,
        resourceDetails(resource, name),
      ),
    );
  }

  static noSuchResource(): KubeApiError {
    return new KubeApiError(
      failure(
        404,
        'NotFound',
        'the server could not find the requested resource',
        {},
      ),
    );
  }

  static alreadyExists(resource: GroupResource, name: string): KubeApiError {
    return new KubeApiError(
      failure(
        409,
        'AlreadyExists',
        `${qualifiedResource(resource)} "${name}" already exists`,
        resourceDetails(resource, name),
      ),
    );
  }

  static conflict(
    resource: GroupResource,
    name: string,
    why: string,
  ): KubeApiError {
    return new KubeApiError(
      failure(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(
          resource,
        )} "${name}": ${why}`,
        resourceDetails(resource, name),
      ),
    );
  }

  static staleResourceVersion(
    resource: GroupResource,
    name: string,
  ): KubeApiError {
    return KubeApiError.conflict(
      resource,
      name,
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  }

  /** 422 naming every offending field, worded like field.ErrorList.ToAggregate(). */
  static invalid(
    target: { group: string; kind: string },
    name: string,
    causes: Required<StatusCause>[],
  ): KubeApiError {
    const described = causes.map(cause => `${cause.field}: ${cause.message}`);
    const summary =
      described.length === 1 ? described[0] : `[${described.join(', ')}]`;
    return new KubeApiError(
      failure(
        422,
        'Invalid',
        `${target.kind} "${name}" is invalid: ${summary}`,
        {
          name,
          ...(target.group ? { group: target.group } : {}),
          kind: target.kind,
          causes,
        },
      ),
    );
  }

  static badRequest(message: string): KubeApiError {
    return new KubeApiError(failure(400, 'BadRequest', message));
  }

  static forbidden(message: string, details?: Status['details']): KubeApiError {
    return new KubeApiError(failure(403, 'Forbidden', message, details));
  }

  static unauthorized(): KubeApiError {
    return new KubeApiError(failure(401, 'Unauthorized', 'Unauthorized'));
  }

  static methodNotAllowed(): KubeApiError {
    return new KubeApiError(
      failure(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
        {},
      ),
    );
  }

  static expired(message: string): KubeApiError {
    return new KubeApiError(failure(410, 'Expired', message));
  }

  static requestEntityTooLarge(limit: number): KubeApiError {
    return new KubeApiError(
      failure(
        413,
        'RequestEntityTooLarge',
        `Request entity too large: limit is ${limit}`,
      ),
    );
  }

  static unsupportedMediaType(
    contentType: string,
    accepted: string[],
  ): KubeApiError {
    return new KubeApiError(
      failure(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
          ', ',
        )}`,
        { kind: contentType },
      ),
    );
  }

  static serviceUnavailable(message: string): KubeApiError {
    return new KubeApiError(failure(503, 'ServiceUnavailable', message));
  }

  static internal(message: string): KubeApiError {
    return new KubeApiError(
      failure(500, 'InternalError', `Internal error occurred: ${message}`, {
        causes: [{ message }],
      }),
    );
  }
}

export function successStatus(details: Status['details']): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details,
    code: 200,
  };
}
