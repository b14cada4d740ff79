/**
 * The local Step Functions service: its state machines, executions and tags, and the engine that
 * runs them against the local stack. The actions (actions/) are thin: they check what AWS checks
 * and call this.
 */
import { InvalidDefinitionError, StateMachine, type EngineOptions } from '../engine';
import { arns, parseStateMachineArn, type Where } from './arns';
import { errors } from './errors';
import { runExecution, type StartRequest } from './execution-runner';
import { ExecutionStore, type ExecutionRecord } from './store/executions';
import { StateMachineStore, type StateMachineRecord, type StateMachineType, type Target } from './store/state-machines';
import { TagStore } from './store/tags';

/**
 * Mocked integrations (Step Functions Local's MockConfigFile): the engine options that answer a
 * test case's states from its mocked responses. Given when the server runs with --mock-config.
 */
export interface MockSupport {
  engineOptionsFor(stateMachineName: string, testCase: string, base: EngineOptions): EngineOptions;
}

export interface ServiceOptions {
  where: Where;
  /** How the engine reaches the local stack (emulator.engineOptions). */
  engineOptions: EngineOptions;
  mocks?: MockSupport;
  /**
   * AWS's diagnostics of a definition, when a validator is wired in: the detail of an
   * InvalidDefinition ("SCHEMA_VALIDATION_FAILED: ... at /States/..."), or undefined when valid.
   */
  checkDefinition?: (definition: string, type: StateMachineType) => Promise<string | undefined>;
  /** Closed executions kept in memory at most (default: ExecutionStore's). */
  retainedClosedExecutions?: number;
}

export class LocalStepFunctions {
  readonly stateMachines = new StateMachineStore();
  readonly executions: ExecutionStore;
  readonly tags = new TagStore();
  readonly where: Where;

  constructor(readonly options: ServiceOptions) {
    this.where = options.where;
    this.executions = new ExecutionStore(options.retainedClosedExecutions);
  }

  get engineOptions(): EngineOptions {
    return this.options.engineOptions;
  }

  /** Compiles a definition for the engine; what it cannot run is AWS's InvalidDefinition. */
  compile(definition: string, stateMachineName: string, options: EngineOptions = this.engineOptions): StateMachine {
    try {
      return new StateMachine(definition, { ...options, stateMachineName });
    } catch (error) {
      if (error instanceof InvalidDefinitionError) throw errors.invalidDefinition(definitionProblem(error));
      throw error;
    }
  }

  /** The state machine an ARN names, or AWS's InvalidArn / StateMachineDoesNotExist. */
  stateMachine(arn: string): StateMachineRecord {
    const ref = parseStateMachineArn(arn, this.where);
    const record = ref.local && ref.kind === 'stateMachine' ? this.stateMachines.get(ref.name) : undefined;
    if (!record) throw errors.stateMachineDoesNotExist(arn);
    return record;
  }

  /** A state machine, version or alias ARN, resolved to the revision it runs. */
  target(arn: string): Target {
    const ref = parseStateMachineArn(arn, this.where);
    const record = ref.local ? this.stateMachines.get(ref.name) : undefined;
    if (!record) throw errors.stateMachineDoesNotExist(arn);
    if (ref.kind === 'stateMachine') return { record, revision: record.current };
    if (ref.kind === 'version') {
      const version = record.versions.get(ref.version);
      if (!version) throw errors.stateMachineDoesNotExist(arn);
      return { record, revision: version.revision, versionArn: version.arn };
    }
    const alias = record.aliases.get(ref.alias);
    if (!alias) throw errors.stateMachineDoesNotExist(arn);
    const versionArn = pickByWeight(alias.routingConfiguration);
    const version = record.versions.get(Number(versionArn.slice(versionArn.lastIndexOf(':') + 1)));
    if (!version) throw errors.stateMachineDoesNotExist(versionArn);
    return { record, revision: version.revision, versionArn, aliasArn: alias.arn };
  }

  stateMachineArn(name: string): string {
    return arns.stateMachine(this.where, name);
  }

  /** The engine options for a mocked test case, or AWS's error when there is no such case. */
  mockedMachine(target: Target, testCase: string): StateMachine {
    const mocks = this.options.mocks;
    if (!mocks) throw errors.stateMachineDoesNotExist(`${target.record.arn}#${testCase}`);
    let options: EngineOptions;
    try {
      options = mocks.engineOptionsFor(target.record.name, testCase, this.engineOptions);
    } catch (error) {
      throw errors.validation((error as Error).message);
    }
    return this.compile(target.revision.definition, target.record.name, options);
  }

  start(request: StartRequest): ExecutionRecord {
    return runExecution(this.where, this.executions, request);
  }

  /** Stops every running execution (the server is stopping) and waits until each has ended. */
  async abortRunning(): Promise<void> {
    const running = this.executions.running();
    for (const record of running) record.abort.abort();
    await Promise.all(running.map((record) => record.finished));
  }

  /** Forgets a state machine, its versions, aliases, tags and (once they end) its executions. */
  deleteStateMachine(record: StateMachineRecord): void {
    this.stateMachines.delete(record.name);
    this.tags.forget(record.arn);
    this.executions.forgetStateMachine(record.arn);
  }
}

/** Where an invalid definition is at fault, in the form AWS reports it (a JSON pointer). */
function definitionProblem(error: InvalidDefinitionError): string {
  const location = ['', ...(error.state !== undefined ? ['States', error.state] : []), ...(error.field ? error.field.split('/') : [])].join('/');
  return `SCHEMA_VALIDATION_FAILED: ${error.reason}${location ? ` at ${location}` : ''}`;
}

/** An alias sends each execution to one of its versions, in proportion to their weights. */
function pickByWeight(routing: Array<{ stateMachineVersionArn: string; weight: number }>): string {
  let r = Math.random() * 100;
  for (const entry of routing) {
    r -= entry.weight;
    if (r < 0) return entry.stateMachineVersionArn;
  }
  return routing[routing.length - 1].stateMachineVersionArn;
}

export type { StateMachineType };
