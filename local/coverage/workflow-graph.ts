/**
 * The states and transitions of an Amazon States Language definition, as a coverage report counts
 * them: every state (those inside Parallel branches and a Map's ItemProcessor too) and every way of
 * leaving one (each Next, each Choice rule and Default, each Catch), plus each Retry rule, which
 * "fires" when a state is attempted again for an error the rule matches.
 */

export type TransitionKind = 'Next' | 'Choice' | 'Default' | 'Catch' | 'Retry';

export interface WorkflowState {
  name: string;
  type: string;
  /** Where the state lives: '' for the top level, `RiskChecks/Branches[1]`, `ShipParcels/ItemProcessor`. */
  scope: string;
}

export interface Transition {
  /** Stable and readable, e.g. `ValidateOrder Catch[0] [InvalidOrder] → PublishOrderRejected`. */
  id: string;
  kind: TransitionKind;
  from: string;
  /** The state it leads to (a Retry leads back to `from`). */
  to: string;
  /** Position among the state's Choices, Catch or Retry rules. */
  index?: number;
  /** ErrorEquals of a Catch or Retry rule. */
  errors?: string[];
}

export interface WorkflowGraph {
  states: WorkflowState[];
  transitions: Transition[];
  /** Every state by name (names are unique across a whole state machine). */
  byName: Map<string, { state: WorkflowState; definition: AslState }>;
}

/** The fields of an ASL state this module reads. */
export interface AslState {
  Type: string;
  Next?: string;
  Default?: string;
  Choices?: Array<{ Next: string; Condition?: string; Comment?: string }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  Retry?: Array<{ ErrorEquals: string[] }>;
  Branches?: AslStateList[];
  ItemProcessor?: AslStateList;
  Iterator?: AslStateList;
}

export interface AslStateList {
  StartAt: string;
  States: Record<string, AslState>;
}

export class UnsupportedDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedDefinitionError';
  }
}

export function workflowGraph(definition: AslStateList): WorkflowGraph {
  const graph: WorkflowGraph = { states: [], transitions: [], byName: new Map() };
  addStateList(graph, definition, '');
  return graph;
}

function addStateList(graph: WorkflowGraph, list: AslStateList, scope: string): void {
  for (const [name, definition] of Object.entries(list.States)) {
    if (graph.byName.has(name)) {
      // The history names states, not scopes: two states of one name could not be told apart.
      throw new UnsupportedDefinitionError(`the state name "${name}" appears twice in the definition`);
    }
    const state: WorkflowState = { name, type: definition.Type, scope };
    graph.states.push(state);
    graph.byName.set(name, { state, definition });
    graph.transitions.push(...transitionsOf(name, definition));
    definition.Branches?.forEach((branch, i) => addStateList(graph, branch, `${name}/Branches[${i}]`));
    const processor = definition.ItemProcessor ?? definition.Iterator;
    if (processor) addStateList(graph, processor, `${name}/ItemProcessor`);
  }
}

function transitionsOf(name: string, state: AslState): Transition[] {
  const out: Transition[] = [];
  if (state.Next !== undefined) out.push({ id: `${name} → ${state.Next}`, kind: 'Next', from: name, to: state.Next });
  state.Choices?.forEach((rule, index) => {
    const label = rule.Comment ? ` (${rule.Comment})` : '';
    out.push({ id: `${name} Choices[${index}]${label} → ${rule.Next}`, kind: 'Choice', from: name, to: rule.Next, index });
  });
  if (state.Default !== undefined) {
    out.push({ id: `${name} Default → ${state.Default}`, kind: 'Default', from: name, to: state.Default });
  }
  state.Catch?.forEach((rule, index) => {
    out.push({
      id: `${name} Catch[${index}] [${rule.ErrorEquals.join(', ')}] → ${rule.Next}`,
      kind: 'Catch',
      from: name,
      to: rule.Next,
      index,
      errors: rule.ErrorEquals,
    });
  });
  state.Retry?.forEach((rule, index) => {
    out.push({
      id: `${name} Retry[${index}] [${rule.ErrorEquals.join(', ')}]`,
      kind: 'Retry',
      from: name,
      to: name,
      index,
      errors: rule.ErrorEquals,
    });
  });
  return out;
}

/** Errors `States.ALL` does not match (AWS never lets a workflow handle them). */
const NOT_MATCHED_BY_ALL = new Set(['States.Runtime']);

/** Whether a Retry or Catch rule's ErrorEquals matches an error name, as Step Functions decides it. */
export function errorMatches(errorEquals: string[], error: string): boolean {
  return errorEquals.some(
    (name) =>
      name === error ||
      (name === 'States.ALL' && !NOT_MATCHED_BY_ALL.has(error)) ||
      (name === 'States.TaskFailed' && error !== 'States.Timeout' && !NOT_MATCHED_BY_ALL.has(error)),
  );
}

/** The first rule that matches: Step Functions consults only that one. */
export function firstMatchingRule(rules: Array<{ ErrorEquals: string[] }> | undefined, error: string): number {
  return (rules ?? []).findIndex((rule) => errorMatches(rule.ErrorEquals, error));
}
