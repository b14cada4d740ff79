/**
 * One state of an execution, as a click on it shows it: each visit's input, output, the variables
 * it assigned, its error and cause; a state inside a Map lists its visits by iteration.
 */
import { el } from './dom';
import { prettyJson } from './format';
import type { ExecutionReading, Visit } from './state-status';

function block(title: string, text: string | undefined): HTMLElement | null {
  if (text === undefined || text === '') return null;
  return el('div', { className: 'detail-block' }, el('h4', {}, title), el('pre', {}, text));
}

function visitPanel(visit: Visit, index: number, total: number): HTMLElement {
  const label = [visit.iteration !== undefined ? `Iteration ${visit.iteration}` : total > 1 ? `Visit ${index + 1} of ${total}` : '', visit.attempts > 1 ? `${visit.attempts - 1} retr${visit.attempts > 2 ? 'ies' : 'y'}` : '']
    .filter(Boolean)
    .join(' · ');
  const variables = visit.assignedVariables
    ? Object.entries(visit.assignedVariables).map(([name, value]) => `$${name} = ${prettyJson(value)}`).join('\n')
    : undefined;
  return el(
    'details',
    { className: 'visit', open: index === total - 1 ? '' : undefined },
    el('summary', {}, el('span', { className: `badge status-${visit.status}` }, visit.status), ' ', label),
    block('Error', visit.error),
    block('Cause', prettyJson(visit.cause)),
    block('Input', prettyJson(visit.input)),
    block('Output', prettyJson(visit.output)),
    block('Assigned variables', variables),
  );
}

export function stateDetails(state: string, reading: ExecutionReading): HTMLElement {
  const visits = reading.visits.filter((v) => v.state === state);
  const summary = reading.states[state];
  const iterations = reading.visits.filter((v) => v.parent && v.parent.state === state && v.parent.type === 'Map');
  const iterationIndexes = [...new Set(iterations.map((v) => v.iteration))].sort((a, b) => (a ?? 0) - (b ?? 0));
  return el(
    'section',
    { className: 'state-details', 'data-selected-state': state },
    el('h3', {}, state, ' ', el('span', { className: `badge status-${summary?.status ?? 'not-reached'}` }, summary?.status ?? 'not reached'), visits.length > 1 ? ` ${visits.length} visits` : ''),
    visits.length === 0 ? el('p', { className: 'muted' }, 'This execution has not reached this state.') : null,
    ...visits.map((visit, i) => visitPanel(visit, i, visits.length)),
    iterationIndexes.length
      ? el(
          'div',
          { className: 'iterations' },
          el('h4', {}, `Iterations (${iterationIndexes.length})`),
          ...iterationIndexes.map((index) =>
            el('p', {}, `Iteration ${index}: `, ...iterations.filter((v) => v.iteration === index).map((v) => el('span', { className: `chip status-${v.status}` }, v.state))),
          ),
        )
      : null,
  );
}
