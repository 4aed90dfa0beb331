import { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateArmRequest } from './authentication';
import { EntraTenant } from './entra';
import { ArmError } from './errors';
import { Faults } from './faults';
import {
  LabRequest,
  LabResponse,
  Router,
  armErrorResponse,
  readRequest,
  writeResponse,
} from './http';

export interface Dispatcher {
  origin: string;
  subscriptionId: string;
  tenant: EntraTenant;
  faults: Faults;
  /** Entra ID's routes: no bearer token needed. */
  entraRoutes: Router;
  /** ARM's routes: authenticated, throttleable, within the emulator's subscription. */
  armRoutes: Router;
}

const ARM_ROOTS = new Set(['subscriptions', 'providers']);

/** The request listener of the emulator's HTTPS server. */
export function createRequestListener(dispatcher: Dispatcher) {
  return async (message: IncomingMessage, serverResponse: ServerResponse) => {
    let method = message.method ?? 'GET';
    let response: LabResponse;
    try {
      const request = await readRequest(message, dispatcher.origin);
      method = request.method;
      response = await dispatch(dispatcher, request);
    } catch (error) {
      response = armErrorResponse(
        error instanceof ArmError
          ? error
          : new ArmError(
              500,
              'InternalServerError',
              `Encountered internal server error: ${(error as Error).message}`,
            ),
      );
    }
    writeResponse(serverResponse, response, method);
  };
}

async function dispatch(
  dispatcher: Dispatcher,
  request: LabRequest,
): Promise<LabResponse> {
  const isArm = ARM_ROOTS.has(request.segments[0]?.toLowerCase() ?? '');
  if (isArm) {
    authenticateArmRequest(request, dispatcher.tenant);
    dispatcher.faults.admitRequest();
  }
  const match = (isArm ? dispatcher.armRoutes : dispatcher.entraRoutes).match(
    request,
  );
  if (!match) {
    throw new ArmError(
      404,
      'NotFound',
      `The lab's Azure stand-in does not serve ${request.method} ${request.url.pathname}.`,
    );
  }
  if ('methodNotAllowed' in match) {
    throw new ArmError(
      405,
      'MethodNotAllowed',
      `The requested resource does not support http method '${request.method}'.`,
    );
  }
  const subscriptionId = match.params.subscriptionId;
  if (
    subscriptionId !== undefined &&
    subscriptionId.toLowerCase() !== dispatcher.subscriptionId.toLowerCase()
  ) {
    throw new ArmError(
      404,
      'SubscriptionNotFound',
      `The subscription '${subscriptionId}' could not be found.`,
    );
  }
  return match.handler(request, match.params);
}
