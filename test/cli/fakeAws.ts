/**
 * A stand-in for the two AWS services the CLI talks to, on 127.0.0.1, speaking their real wire
 * protocols: Step Functions' JSON 1.0 (X-Amz-Target) and CloudFormation's Query/XML. Tests point
 * real SDK clients at it, so request signing, serialisation, pagination tokens and error parsing
 * are the SDK's own.
 *
 * Step Functions: StartExecution, DescribeExecution, ListStateMachines, ListExecutions (with
 * statusFilter) and GetExecutionHistory (with reverseOrder and includeExecutionData), the lists
 * paged by maxResults and nextToken as the service does. An execution may carry a history that
 * grows poll after poll, which is how a running execution looks to a client.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ExecutionDescription {
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  output?: string;
  error?: string;
  cause?: string;
}

export interface RecordedRequest {
  service: 'states' | 'cloudformation';
  operation: string;
  body: Record<string, unknown>;
}

/** A history event as a test writes it: its id, previousEventId and timestamp come from `history()`. */
export type FakeEvent = { type: string; id: number; previousEventId: number; timestamp: number } & Record<string, unknown>;

/** An execution the fake knows, started through it or put there by a test. */
export interface FakeExecution {
  stateMachineArn: string;
  name: string;
  input: string;
  startDate: number;
  /** Without a history: the status ListExecutions reports (DescribeExecution follows describeScript). */
  status?: ExecutionDescription['status'];
  stopDate?: number;
  /** The whole history; with one, DescribeExecution and ListExecutions derive the status from what is visible. */
  events?: FakeEvent[];
  /** How many events are visible at the 1st, 2nd, ... history poll (a request without nextToken); the last repeats. */
  reveal?: number[];
}

export interface FakeAws {
  endpoint: string;
  /** Deployed stacks: name → outputs (OutputKey → OutputValue). */
  stacks: Map<string, Record<string, string>>;
  /** State machines that exist; StartExecution on any other answers StateMachineDoesNotExist. */
  stateMachines: Set<string>;
  /** What DescribeExecution answers, one entry per call; the last one repeats. */
  describeScript: ExecutionDescription[];
  requests: RecordedRequest[];
  /** The most items any list or history page holds (the service's own maximum is 1000). */
  pageSize: number;
  /** The history (and its reveal schedule) the next StartExecution gets. */
  nextHistory?: Pick<FakeExecution, 'events' | 'reveal'>;
  /** So many of the next GetExecutionHistory calls answer ThrottlingException. */
  throttleHistory: number;
  /** Puts an execution there; returns its ARN. */
  addExecution(execution: Omit<FakeExecution, 'input'> & { input?: string }): string;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeAws(): Promise<FakeAws> {
  const fake = {
    stacks: new Map<string, Record<string, string>>(),
    stateMachines: new Set<string>(),
    describeScript: [] as ExecutionDescription[],
    requests: [] as RecordedRequest[],
    pageSize: 1000,
    nextHistory: undefined as Pick<FakeExecution, 'events' | 'reveal'> | undefined,
    throttleHistory: 0,
  };
  type Kept = FakeExecution & { describes: number; polls: number; visible: number };
  const executions = new Map<string, Kept>();
  const executionArnOf = (stateMachineArn: string, name: string) =>
    `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

  const server: Server = createServer((req, res) => {
    readBody(req).then((body) => {
      const target = req.headers['x-amz-target'];
      if (typeof target === 'string' && target.startsWith('AWSStepFunctions.')) {
        stepFunctions(target.slice('AWSStepFunctions.'.length), JSON.parse(body || '{}'), res);
      } else {
        cloudFormation(Object.fromEntries(new URLSearchParams(body)), res);
      }
    });
  });

  function stepFunctions(operation: string, body: Record<string, unknown>, res: ServerResponse): void {
    fake.requests.push({ service: 'states', operation, body });
    if (operation === 'StartExecution') {
      const stateMachineArn = String(body.stateMachineArn);
      if (!fake.stateMachines.has(stateMachineArn)) {
        return json(res, 400, {
          __type: 'com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist',
          message: `State Machine Does Not Exist: '${stateMachineArn}'`,
        });
      }
      const name = String(body.name);
      const executionArn = executionArnOf(stateMachineArn, name);
      executions.set(executionArn, {
        stateMachineArn,
        name,
        input: String(body.input),
        startDate: 1_700_000_000,
        ...fake.nextHistory,
        describes: 0,
        polls: 0,
        visible: 0,
      });
      fake.nextHistory = undefined;
      return json(res, 200, { executionArn, startDate: 1_700_000_000 });
    }
    if (operation === 'DescribeExecution') {
      const executionArn = String(body.executionArn);
      const execution = executions.get(executionArn);
      if (!execution) return noExecution(res, executionArn);
      if (execution.events) {
        return json(res, 200, { executionArn, ...summary(execution), input: execution.input, ...ending(execution) });
      }
      const step = fake.describeScript[Math.min(execution.describes++, fake.describeScript.length - 1)];
      return json(res, 200, {
        executionArn,
        stateMachineArn: execution.stateMachineArn,
        name: execution.name,
        input: execution.input,
        startDate: 1_700_000_000,
        ...(step.status === 'RUNNING' ? {} : { stopDate: 1_700_000_042 }),
        ...step,
      });
    }
    if (operation === 'ListStateMachines') {
      const machines = [...fake.stateMachines].map((stateMachineArn) => ({
        stateMachineArn,
        name: stateMachineArn.split(':').pop(),
        type: 'STANDARD',
        creationDate: 1_690_000_000,
      }));
      return page(res, body, machines, 'stateMachines');
    }
    if (operation === 'ListExecutions') {
      const stateMachineArn = String(body.stateMachineArn);
      if (!fake.stateMachines.has(stateMachineArn)) {
        return json(res, 400, { __type: 'StateMachineDoesNotExist', message: `State Machine Does Not Exist: '${stateMachineArn}'` });
      }
      const listed = [...executions.entries()]
        .filter(([, e]) => e.stateMachineArn === stateMachineArn)
        .map(([executionArn, e]) => ({ executionArn, ...summary(e) }))
        .filter((e) => body.statusFilter === undefined || e.status === body.statusFilter)
        .sort((a, b) => b.startDate - a.startDate); // newest first, as the service lists them
      return page(res, body, listed, 'executions');
    }
    if (operation === 'GetExecutionHistory') {
      const executionArn = String(body.executionArn);
      const execution = executions.get(executionArn);
      if (!execution) return noExecution(res, executionArn);
      if (fake.throttleHistory > 0) {
        fake.throttleHistory -= 1;
        return json(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
      }
      // A new poll (not the next page of one) may see more of a running execution's history.
      if (body.nextToken === undefined) {
        const reveal = execution.reveal ?? [Infinity];
        execution.visible = reveal[Math.min(execution.polls++, reveal.length - 1)];
      }
      let events = (execution.events ?? []).slice(0, execution.visible);
      if (body.includeExecutionData === false) events = events.map(withoutData);
      if (body.reverseOrder === true) events = [...events].reverse();
      return page(res, body, events, 'events');
    }
    return json(res, 400, { __type: 'UnknownOperationException', message: `fake: ${operation} is not implemented` });
  }

  /** One page of `items` by maxResults and nextToken (the offset, opaque to clients as on AWS). */
  function page(res: ServerResponse, body: Record<string, unknown>, items: unknown[], key: string): void {
    let offset = 0;
    if (body.nextToken !== undefined) {
      offset = Number(Buffer.from(String(body.nextToken), 'base64url').toString('utf8').replace(/^offset:/, ''));
      if (!Number.isInteger(offset) || offset < 0) {
        return json(res, 400, { __type: 'InvalidToken', message: 'Invalid Token' });
      }
    }
    const size = Math.min(Number(body.maxResults) || 100, 1000, fake.pageSize);
    const next = offset + size < items.length ? Buffer.from(`offset:${offset + size}`).toString('base64url') : undefined;
    json(res, 200, { [key]: items.slice(offset, offset + size), ...(next ? { nextToken: next } : {}) });
  }

  function summary(e: Kept) {
    const status = e.events ? ending(e).status : (e.status ?? 'RUNNING');
    const stop = e.events ? e.events.slice(0, e.visible).find((ev) => terminal(ev.type)) : undefined;
    const stopDate = stop?.timestamp ?? e.stopDate;
    return { stateMachineArn: e.stateMachineArn, name: e.name, status, startDate: e.startDate, ...(stopDate ? { stopDate } : {}) };
  }

  /** Status, output, error and cause from the last visible event, as DescribeExecution reports them. */
  function ending(e: Kept): Record<string, unknown> {
    const last = (e.events ?? []).slice(0, e.visible).find((ev) => terminal(ev.type));
    if (!last) return { status: 'RUNNING' };
    const status = terminal(last.type)!;
    const details = (last[`${lowerFirst(last.type)}EventDetails`] ?? {}) as Record<string, unknown>;
    return { status, stopDate: last.timestamp, ...details };
  }

  function cloudFormation(params: Record<string, string>, res: ServerResponse): void {
    fake.requests.push({ service: 'cloudformation', operation: params.Action, body: params });
    if (params.Action !== 'DescribeStacks') {
      return xml(res, 400, errorXml('InvalidAction', `fake: ${params.Action} is not implemented`));
    }
    const outputs = fake.stacks.get(params.StackName);
    if (!outputs) {
      return xml(res, 400, errorXml('ValidationError', `Stack with id ${params.StackName} does not exist`));
    }
    const members = Object.entries(outputs)
      .map(([key, value]) => `<member><OutputKey>${key}</OutputKey><OutputValue>${value}</OutputValue></member>`)
      .join('');
    xml(
      res,
      200,
      `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>` +
        `<StackName>${params.StackName}</StackName>` +
        `<StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/${params.StackName}/0a1b2c3d</StackId>` +
        `<CreationTime>2026-01-01T00:00:00.000Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus>` +
        `<Outputs>${members}</Outputs></member></Stacks></DescribeStacksResult>` +
        `<ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata></DescribeStacksResponse>`,
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    endpoint: `http://127.0.0.1:${port}`,
    addExecution(execution: Omit<FakeExecution, 'input'> & { input?: string }) {
      const executionArn = executionArnOf(execution.stateMachineArn, execution.name);
      executions.set(executionArn, { input: '{}', ...execution, describes: 0, polls: 0, visible: 0 });
      return executionArn;
    },
    reset() {
      fake.stacks.clear();
      fake.stateMachines.clear();
      fake.describeScript = [];
      fake.requests.length = 0;
      fake.pageSize = 1000;
      fake.nextHistory = undefined;
      fake.throttleHistory = 0;
      executions.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  });
}

/**
 * Numbers events as the service does: ids from 1, each linked to the previous one of its flow.
 * `lane` (default: the previous event) names the event a Map iteration's or branch's first event
 * follows; timestamps are epoch seconds, 0.25 s apart (exact in binary) unless `at` says otherwise.
 */
export function history(
  events: Array<{ type: string; after?: number; at?: number } & Record<string, unknown>>,
): FakeEvent[] {
  return events.map(({ after, at, ...event }, i) => ({
    ...event,
    id: i + 1,
    previousEventId: after ?? i,
    timestamp: 1_700_000_000 + (at ?? i * 0.25),
  }));
}

function terminal(type: string): string | undefined {
  return (
    { ExecutionSucceeded: 'SUCCEEDED', ExecutionFailed: 'FAILED', ExecutionTimedOut: 'TIMED_OUT', ExecutionAborted: 'ABORTED' } as Record<string, string>
  )[type];
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** includeExecutionData: false leaves out inputs and outputs; names, errors and causes stay. */
function withoutData(event: FakeEvent): FakeEvent {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') {
      const { input, inputDetails, output, outputDetails, ...rest } = value as Record<string, unknown>;
      copy[key] = rest;
    }
  }
  return copy as FakeEvent;
}

function noExecution(res: ServerResponse, executionArn: string): void {
  json(res, 400, { __type: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${executionArn}'` });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const type = (body as { __type?: string }).__type;
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    ...(type ? { 'x-amzn-errortype': type.split('#').pop() } : {}),
  });
  res.end(JSON.stringify(body));
}

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml' });
  res.end(body);
}

function errorXml(code: string, message: string): string {
  return (
    `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">` +
    `<Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
    `<RequestId>fake-request</RequestId></ErrorResponse>`
  );
}
