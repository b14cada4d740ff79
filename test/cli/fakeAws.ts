/**
 * A stand-in for the two AWS services the CLI talks to, on 127.0.0.1, speaking their real wire
 * protocols: Step Functions' JSON 1.0 (X-Amz-Target) and CloudFormation's Query/XML. Tests point
 * real SDK clients at it, so request signing, serialisation and error parsing are the SDK's own.
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

export interface FakeAws {
  endpoint: string;
  /** Deployed stacks: name → outputs (OutputKey → OutputValue). */
  stacks: Map<string, Record<string, string>>;
  /** State machines that exist; StartExecution on any other answers StateMachineDoesNotExist. */
  stateMachines: Set<string>;
  /** What DescribeExecution answers, one entry per call; the last one repeats. */
  describeScript: ExecutionDescription[];
  requests: RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeAws(): Promise<FakeAws> {
  const fake = {
    stacks: new Map<string, Record<string, string>>(),
    stateMachines: new Set<string>(),
    describeScript: [] as ExecutionDescription[],
    requests: [] as RecordedRequest[],
  };
  const executions = new Map<string, { stateMachineArn: string; name: string; input: string; describes: number }>();

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
      const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
      executions.set(executionArn, { stateMachineArn, name, input: String(body.input), describes: 0 });
      return json(res, 200, { executionArn, startDate: 1_700_000_000 });
    }
    if (operation === 'DescribeExecution') {
      const executionArn = String(body.executionArn);
      const execution = executions.get(executionArn);
      if (!execution) {
        return json(res, 400, { __type: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${executionArn}'` });
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
    return json(res, 400, { __type: 'UnknownOperationException', message: `fake: ${operation} is not implemented` });
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
    reset() {
      fake.stacks.clear();
      fake.stateMachines.clear();
      fake.describeScript = [];
      fake.requests.length = 0;
      executions.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  });
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
