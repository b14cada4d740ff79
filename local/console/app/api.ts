/**
 * The Step Functions API from the browser, exactly as the SDK speaks it (AWS JSON 1.0 on POST /):
 * the console has no other way to learn about machines and executions.
 */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

export async function sfn<T = Record<string, any>>(action: string, input: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` },
    body: JSON.stringify(input),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    // AWS puts the error's type after a '#' in __type.
    const type = String(body.__type ?? 'Error').split('#').pop()!;
    throw new ApiCallError(type, `${action}: ${type}: ${body.message ?? body.Message ?? response.statusText}`);
  }
  return body as T;
}

/** Every page of a paginated list, following nextToken. */
export async function allPages<T>(action: string, input: Record<string, unknown>, key: string): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn(action, { ...input, ...(nextToken ? { nextToken } : {}) });
    items.push(...((page[key] as T[]) ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

export interface HistoryEvent {
  id: number;
  previousEventId?: number;
  timestamp: number;
  type: string;
  [details: string]: any;
}

export const executionHistory = (executionArn: string) =>
  allPages<HistoryEvent>('GetExecutionHistory', { executionArn, maxResults: 1000, includeExecutionData: true }, 'events');
