/**
 * One execution: its graph coloured from the history, a panel for the state clicked, and the
 * events table. While it runs the page polls DescribeExecution and GetExecutionHistory and
 * redraws; it stops polling once the execution has ended.
 */
import { executionHistory, sfn } from '../api';
import { el, link } from '../dom';
import { eventsTable } from '../events-table';
import { duration, prettyJson, time } from '../format';
import { graphView } from '../graph-view';
import { stateDetails } from '../state-details';
import { readExecution, type ExecutionReading } from '../state-status';

const POLL_MS = 500;

export async function executionPage(executionArn: string): Promise<HTMLElement> {
  const first = await sfn('DescribeExecution', { executionArn });
  const machine = await sfn('DescribeStateMachineForExecution', { executionArn });

  const header = el('div', { className: 'execution-head' });
  const details = el('div', { className: 'panel details-panel' }, el('p', { className: 'muted' }, 'Click a state to see its input, output, variables and error.'));
  const events = el('div', { className: 'panel events-panel' });
  let reading: ExecutionReading | undefined;
  let selected: string | undefined;
  const showState = (state: string) => {
    selected = state;
    if (reading) details.replaceChildren(stateDetails(state, reading));
  };
  const graph = await graphView(machine.definition, showState);

  const page = el(
    'section',
    { className: 'execution', 'data-execution-status': first.status },
    el('p', { className: 'crumbs' }, link('/', 'State machines'), ' / ', link(`/state-machines/${first.stateMachineArn}`, machine.name), ' / '),
    header,
    el('div', { className: 'columns' }, el('div', { className: 'panel graph-panel' }, graph.element), details),
    el('h2', {}, 'Events'),
    events,
  );

  const render = async () => {
    const execution = await sfn('DescribeExecution', { executionArn });
    const history = await executionHistory(executionArn);
    reading = readExecution(history, execution.status);
    graph.update(reading.states);
    const parts: (HTMLElement | null)[] = [
      el('h1', {}, execution.name, ' ', el('span', { className: `badge exec-${execution.status}` }, execution.status)),
      el('p', { className: 'muted' }, `Started ${time(execution.startDate)} · ${execution.stopDate ? 'ran' : 'running for'} ${duration(execution.startDate, execution.stopDate)}`),
      execution.error ? el('p', { className: 'execution-error' }, el('strong', {}, execution.error), execution.cause ? `: ${execution.cause}` : '') : null,
      el('details', {}, el('summary', {}, 'Execution input'), el('pre', {}, prettyJson(execution.input))),
      execution.output !== undefined ? el('details', {}, el('summary', {}, 'Execution output'), el('pre', {}, prettyJson(execution.output))) : null,
    ];
    header.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
    events.replaceChildren(eventsTable(history, reading));
    if (selected) showState(selected);
    // Set last, once the picture matches it: a reader (or a test) that sees the final status sees the final colours.
    page.setAttribute('data-execution-status', execution.status);
    return execution.status === 'RUNNING';
  };

  const poll = async () => {
    try {
      if (await render()) window.setTimeout(poll, POLL_MS);
    } catch (error) {
      events.prepend(el('p', { className: 'error' }, `Could not refresh: ${(error as Error).message}`));
    }
  };
  await poll();
  return page;
}
