/**
 * A probe watches one state run on its own (TestState): it receives the intermediate values of
 * the state's input and output processing, named as AWS's TestState `inspectionData` names them,
 * and it may stand in for the work of a Parallel or Map state (their branches or iterations), which
 * TestState never runs. Executions run without a probe.
 */
export type InspectionField =
  | 'afterInputPath'
  | 'afterParameters'
  | 'afterArguments'
  | 'result'
  | 'afterResultSelector'
  | 'afterResultPath'
  | 'afterItemsPath'
  | 'maxConcurrency'
  | 'toleratedFailureCount'
  | 'toleratedFailurePercentage';

/** The work a probe may do in place of a Parallel state's branches or a Map state's iterations. */
export type StateWork =
  | { type: 'Parallel'; input: unknown; branches: number }
  | {
      type: 'Map';
      items: unknown[];
      maxConcurrency: number;
      toleratedFailureCount?: number;
      toleratedFailurePercentage?: number;
    };

export interface StateProbe {
  record(field: InspectionField, value: unknown): void;
  /** When set, its value (or the StatesError it throws) replaces the branches or iterations. */
  work?(work: StateWork): unknown | Promise<unknown>;
  /** The items a Map's ItemReader reads (the engine reads from no bucket itself). */
  itemReaderData?: unknown;
}
