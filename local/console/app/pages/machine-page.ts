/** One state machine: its graph, a form to start an execution, and its executions. */
import { sfn } from '../api';
import { el, link } from '../dom';
import { graphView } from '../graph-view';
import { executionsList } from '../executions-list';
import { startForm } from '../start-form';

export async function machinePage(stateMachineArn: string): Promise<HTMLElement> {
  const machine = await sfn('DescribeStateMachine', { stateMachineArn });
  const graph = await graphView(machine.definition, undefined, false);
  return el(
    'section',
    { className: 'machine' },
    el('p', { className: 'crumbs' }, link('/', 'State machines'), ' / '),
    el('h1', {}, machine.name, el('span', { className: 'muted small' }, ` ${machine.type} · ${machine.status}`)),
    el('div', { className: 'columns' }, el('div', { className: 'panel graph-panel' }, graph.element), el('div', { className: 'side' }, el('div', { className: 'panel' }, startForm(stateMachineArn)))),
    el('div', { className: 'panel' }, executionsList(stateMachineArn)),
  );
}
