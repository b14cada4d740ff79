import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { catalog } from '../../lambda/catalog';
import { SagaFunctions } from '../functions/saga-functions';
import { HANDLER_NAMES } from '../functions/handler-specs';
import { OrderSagaDefinition, OrderSagaDefinitionProps } from './order-saga-definition';
import { workflowLogGroup } from './workflow-log-group';

/**
 * On top of the worst case: Step Functions' own time between states and before a retry, which no
 * TimeoutSeconds covers.
 */
const TIMEOUT_MARGIN = 1.25;

/** The longest a Standard execution may run (Step Functions quotas). */
const MAX_STANDARD_EXECUTION = Duration.days(365);

export interface OrderSagaStateMachineProps extends OrderSagaDefinitionProps {
  readonly functions: SagaFunctions;
  readonly logExecutionData: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** The Standard workflow: JSONata, logs at level ALL under /aws/vendedlogs/states/, X-Ray tracing. */
export class OrderSagaStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: OrderSagaStateMachineProps) {
    super(scope, id);
    const definition = new OrderSagaDefinition(this, 'Definition', props);
    const worstSeconds = longestPathSeconds(renderTopLevel(definition.startState.startState), worstCaseBounds(props));
    this.logGroup = workflowLogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition.startState),
      queryLanguage: sfn.QueryLanguage.JSONATA,
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: machineTimeout(worstSeconds, props),
      tracingEnabled: true,
      logs: {
        destination: this.logGroup,
        level: sfn.LogLevel.ALL,
        // Off by default: inputs carry payment tokens and addresses.
        includeExecutionData: props.logExecutionData,
      },
    });

    const stack = Stack.of(this);
    Validations.of(this.stateMachine.role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'CloudWatch Logs delivery (logs:CreateLogDelivery and friends) and X-Ray tracing have no resource-level permissions; CDK adds exactly these.',
      },
      ...HANDLER_NAMES.map((name) => ({
        id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(props.functions.get(name).function.node.defaultChild as any)}.Arn>:*]`,
        reason: `LambdaInvoke allows invoking any version or alias of ${name} (its ARN with ':*'), and only that function.`,
      })),
    );
  }
}

/**
 * The machine's own timeout, derived rather than fixed: it must never cut a compensation short (an
 * execution that times out ends with no Catch and nothing undone), and the worst case grows with
 * maxPaymentChecks and settlementWaitSeconds. An execution that still reaches it raises the
 * timed-out alarm. test/infra/timeout-budget.test.ts checks it against the rendered definition.
 */
function machineTimeout(worstSeconds: number, props: OrderSagaDefinitionProps): Duration {
  const seconds = Math.ceil((worstSeconds * TIMEOUT_MARGIN) / 60) * 60;
  if (seconds > MAX_STANDARD_EXECUTION.toSeconds()) {
    throw new Error(
      `OrderSagaStack: maxPaymentChecks ${props.maxPaymentChecks} with settlementWaitSeconds ${props.settlementWaitSeconds} ` +
        `make an execution's worst case ${worstSeconds} s, longer than a Standard execution may run ` +
        `(${MAX_STANDARD_EXECUTION.toSeconds()} s): lower either`,
    );
  }
  return Duration.seconds(seconds);
}

// ── The worst case of the definition as built ────────────────────────────────────────────────────
// Read from the states' own rendering, so every Retry, TimeoutSeconds, Catch and Wait counts as the
// definition has it, whoever adds one.

/** What the definition alone cannot bound: the Map's items and the settlement-polling loop. */
interface WorstCaseBounds {
  /** Upper bound on the items a Map state iterates. */
  readonly maxMapItems: number;
  /** How often a state may be entered on one path. */
  readonly maxVisits: number;
}

/**
 * ShipParcels maps over one parcel per warehouse holding an order's items, so at most one per
 * warehouse of the catalogue; IsPaymentSettled? is entered once per check and once more.
 */
function worstCaseBounds(props: OrderSagaDefinitionProps): WorstCaseBounds {
  return { maxMapItems: new Set(catalog.map((item) => item.warehouse)).size, maxVisits: props.maxPaymentChecks + 1 };
}

/** The slice of a rendered state the worst case reads. */
interface RenderedState {
  Type: string;
  Next?: string;
  Default?: string;
  Choices?: Array<{ Next: string }>;
  Catch?: Array<{ Next: string }>;
  Retry?: RenderedRetrier[];
  TimeoutSeconds?: unknown;
  Seconds?: unknown;
  Branches?: RenderedGraph[];
  ItemProcessor?: RenderedGraph;
  MaxConcurrency?: unknown;
}

interface RenderedRetrier {
  MaxAttempts?: number;
  IntervalSeconds?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}

interface RenderedGraph {
  StartAt: string;
  States: Record<string, RenderedState>;
}

/** Every state reachable from `start`, Catch handlers included, rendered (Parallel branches and Map processors render inside their state). */
function renderTopLevel(start: sfn.State): RenderedGraph {
  const states = sfn.State.findReachableStates(start, { includeErrorHandlers: true });
  return {
    StartAt: start.stateId,
    States: Object.fromEntries(states.map((s) => [s.stateId, s.toStateJson(sfn.QueryLanguage.JSONATA) as RenderedState])),
  };
}

/** The longest path from StartAt to an end, over Next, Choice and Catch edges. */
function longestPathSeconds(graph: RenderedGraph, bounds: WorstCaseBounds): number {
  const visits = new Map<string, number>();
  const walk = (name: string): number => {
    const seen = visits.get(name) ?? 0;
    if (seen >= bounds.maxVisits) return 0;
    visits.set(name, seen + 1);
    const state = graph.States[name];
    const rest = Math.max(0, ...successors(state).map(walk));
    visits.set(name, seen);
    return stateWorstCaseSeconds(name, state, bounds) + rest;
  };
  return walk(graph.StartAt);
}

function successors(state: RenderedState): string[] {
  return [
    ...(state.Next ? [state.Next] : []),
    ...(state.Choices ?? []).map((c) => c.Next),
    ...(state.Default ? [state.Default] : []),
    ...(state.Catch ?? []).map((c) => c.Next),
  ];
}

/**
 * One state at its worst: every retrier exhausts its attempts (each counts its own), every attempt
 * runs to TimeoutSeconds, every backoff waits its full interval; Parallel waits for its slowest
 * branch; Map runs its items in rounds of MaxConcurrency.
 */
function stateWorstCaseSeconds(name: string, state: RenderedState, bounds: WorstCaseBounds): number {
  switch (state.Type) {
    case 'Task': {
      const timeout = fixedSeconds(name, 'TimeoutSeconds', state.TimeoutSeconds);
      const retriers = state.Retry ?? [];
      const attempts = 1 + retriers.reduce((n, r) => n + (r.MaxAttempts ?? 3), 0);
      return attempts * timeout + retriers.reduce((n, r) => n + retrierWaitSeconds(r), 0);
    }
    case 'Wait':
      return fixedSeconds(name, 'Seconds', state.Seconds);
    case 'Parallel':
      return Math.max(0, ...(state.Branches ?? []).map((branch) => longestPathSeconds(branch, bounds)));
    case 'Map': {
      const concurrency = typeof state.MaxConcurrency === 'number' && state.MaxConcurrency > 0 ? state.MaxConcurrency : bounds.maxMapItems;
      return Math.ceil(bounds.maxMapItems / concurrency) * longestPathSeconds(state.ItemProcessor!, bounds);
    }
    default:
      return 0;
  }
}

/** The longest a retrier waits in all: every backoff, capped by MaxDelaySeconds, jitter at its maximum. */
function retrierWaitSeconds(r: RenderedRetrier): number {
  let total = 0;
  for (let attempt = 0; attempt < (r.MaxAttempts ?? 3); attempt++) {
    const delay = (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** attempt;
    total += r.MaxDelaySeconds === undefined ? delay : Math.min(delay, r.MaxDelaySeconds);
  }
  return total;
}

/** A duration the worst case can count: a state without one (or with one computed at run time) has no bound. */
function fixedSeconds(state: string, field: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new Error(`${state} has no fixed ${field}, so the machine's timeout cannot be derived from the definition`);
  }
  return value;
}
