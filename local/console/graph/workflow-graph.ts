/**
 * The graph of an ASL definition (JSONata or JSONPath, the fields that connect states are the same):
 * a start and an end node, every state (those inside Parallel branches and Map item processors
 * too, with their container as `parent`), and one edge per way of leaving a state.
 */
import { catchLabel, choiceRuleLabel } from './edge-labels';
import type { GraphEdge, GraphNode, WorkflowGraph } from './types';

interface Scope {
  StartAt?: string;
  States?: Record<string, Record<string, unknown>>;
}

export const START_ID = 'start';
export const END_ID = 'end';

export function stateId(name: string): string {
  return `state:${name}`;
}

export function workflowGraph(definition: object): WorkflowGraph {
  const nodes: GraphNode[] = [
    { id: START_ID, kind: 'start', name: 'Start' },
    { id: END_ID, kind: 'end', name: 'End' },
  ];
  const edges: GraphEdge[] = [];
  const top = definition as Scope;
  if (top.StartAt) edges.push({ id: `${START_ID}->${stateId(top.StartAt)}#start0`, from: START_ID, to: stateId(top.StartAt), kind: 'start' });
  addScope(top, undefined, 0, nodes, edges);
  return { nodes, edges };
}

function addScope(scope: Scope, parent: string | undefined, branch: number, nodes: GraphNode[], edges: GraphEdge[]): void {
  for (const [name, state] of Object.entries(scope.States ?? {})) {
    const id = stateId(name);
    const inner = innerScopes(state);
    nodes.push({
      id,
      kind: 'state',
      name,
      stateType: String(state.Type),
      ...(parent ? { parent, branch } : {}),
      ...(inner ? { branches: inner.length } : {}),
    });
    inner?.forEach((child, index) => addScope(child, id, index, nodes, edges));
    edges.push(...edgesOf(id, state, parent === undefined));
  }
}

/** A Parallel's branches, or a Map's processor (`Iterator` is its name before 2023). */
function innerScopes(state: Record<string, unknown>): Scope[] | undefined {
  if (state.Type === 'Parallel') return (state.Branches as Scope[] | undefined) ?? [];
  if (state.Type === 'Map') return [((state.ItemProcessor ?? state.Iterator) as Scope | undefined) ?? {}];
  return undefined;
}

function edgesOf(from: string, state: Record<string, unknown>, topLevel: boolean): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const add = (to: string, kind: GraphEdge['kind'], index: number, label?: string) =>
    edges.push({ id: `${from}->${to}#${kind}${index}`, from, to, kind, ...(label ? { label } : {}) });
  if (typeof state.Next === 'string') add(stateId(state.Next), 'next', 0);
  const rules = Array.isArray(state.Choices) ? (state.Choices as Record<string, unknown>[]) : [];
  rules.forEach((rule, i) => add(stateId(String(rule.Next)), 'choice', i, choiceRuleLabel(rule)));
  if (typeof state.Default === 'string') add(stateId(state.Default), 'default', 0, 'Default');
  const catchers = Array.isArray(state.Catch) ? (state.Catch as Record<string, unknown>[]) : [];
  catchers.forEach((c, i) => add(stateId(String(c.Next)), 'catch', i, catchLabel(c.ErrorEquals)));
  // Inside a branch or iteration, the end of a path ends only that branch: no edge leaves the container.
  const ends = state.End === true || state.Type === 'Succeed' || state.Type === 'Fail';
  if (topLevel && ends) add(END_ID, 'end', 0);
  return edges;
}
