/** A machine's executions, newest first, refreshed while the page is open, filterable by status. */
import { allPages } from './api';
import { el, link } from './dom';
import { duration, time } from './format';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
const REFRESH_MS = 1000;

interface ExecutionItem {
  executionArn: string;
  name: string;
  status: string;
  startDate: number;
  stopDate?: number;
}

export function executionsList(stateMachineArn: string): HTMLElement {
  const filter = el('select', { name: 'status-filter', 'aria-label': 'Filter by status' }, el('option', { value: '' }, 'All statuses'), ...STATUSES.map((s) => el('option', { value: s }, s)));
  const body = el('tbody', {});
  const note = el('p', { className: 'muted' });
  const section = el(
    'section',
    { className: 'executions' },
    el('div', { className: 'section-head' }, el('h2', {}, 'Executions'), filter),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'Status'), el('th', {}, 'Started'), el('th', {}, 'Duration'))), body),
    note,
  );

  let timer: number | undefined;
  const refresh = async () => {
    window.clearTimeout(timer);
    try {
      const input: Record<string, unknown> = { stateMachineArn, maxResults: 100 };
      if (filter.value) input.statusFilter = filter.value;
      const items = await allPages<ExecutionItem>('ListExecutions', input, 'executions');
      body.replaceChildren(
        ...items.map((x) =>
          el(
            'tr',
            { 'data-status': x.status },
            el('td', {}, link(`/executions/${x.executionArn}`, x.name)),
            el('td', {}, el('span', { className: `badge exec-${x.status}` }, x.status)),
            el('td', {}, time(x.startDate)),
            el('td', { className: 'num' }, duration(x.startDate, x.stopDate)),
          ),
        ),
      );
      note.textContent = items.length ? '' : filter.value ? `No ${filter.value} executions.` : 'No executions yet.';
    } catch (error) {
      note.textContent = (error as Error).message;
    }
    timer = window.setTimeout(refresh, REFRESH_MS);
  };
  filter.addEventListener('change', refresh);
  void refresh();
  return section;
}
