import { randomUUID } from 'node:crypto';
import { StatesError } from '../errors';

// What every integration's call shares, kept apart from resources.ts (which picks the integration)
// so that the integrations import only this leaf and never the module that imports them.

/** The HTTP metadata AWS SDK-based integrations add to their results. */
export function sdkMetadata(contentLength: number, extraHeaders: Record<string, string> = {}) {
  const requestId = randomUUID();
  const date = new Date().toUTCString();
  const headers: Record<string, string> = {
    Connection: 'keep-alive',
    'Content-Length': String(contentLength),
    'Content-Type': 'application/json',
    Date: date,
    ...extraHeaders,
    'x-amzn-RequestId': requestId,
    'X-Amzn-Trace-Id': `Root=1-${randomUUID().replace(/-/g, '').slice(0, 8)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
  };
  const all: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers)) all[k] = [v];
  return { SdkHttpMetadata: { AllHttpHeaders: all, HttpHeaders: headers, HttpStatusCode: 200 }, SdkResponseMetadata: { RequestId: requestId } };
}

export function missingOption(what: string, arn: string): StatesError {
  return new StatesError('States.Runtime', `The local engine cannot run '${arn}': no ${what} was given to the StateMachine options.`);
}
