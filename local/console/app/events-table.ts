/**
 * The execution's events, as GetExecutionHistory lists them, with what a reader looks for first:
 * failures, retries (a call scheduled again after a failure) and catches (a state left after an
 * error its Catch handled, and where it went).
 */
import type { HistoryEvent } from './api';
import { el } from './dom';
import { detailsOf, type ExecutionReading } from './state-status';

export function eventsTable(events: HistoryEvent[], reading: ExecutionReading): HTMLElement {
  const start = events[0]?.timestamp ?? 0;
  const byPrevious = new Map<number, HistoryEvent>();
  for (const event of events) if (event.previousEventId) byPrevious.set(event.previousEventId, event);
  const calls = new Map<object, number>();

  const rows = events.map((event) => {
    const visit = reading.visitOf.get(event.id);
    const details = detailsOf(event);
    let mark = '';
    let kind = '';
    if (/Failed$|TimedOut$|Aborted$/.test(event.type) || event.type === 'FailStateEntered') kind = 'failure';
    if ((event.type === 'TaskScheduled' || event.type === 'LambdaFunctionScheduled') && visit) {
      const n = (calls.get(visit) ?? 0) + 1;
      calls.set(visit, n);
      if (n > 1) {
        kind = 'retry';
        mark = `retry ${n - 1}`;
      }
    }
    if (visit && event.id === visit.exitedId && visit.status === 'caught') {
      kind = 'catch';
      const next = byPrevious.get(event.id);
      const nextName = next ? detailsOf(next).name : undefined;
      mark = `caught ${visit.error ?? ''}${nextName ? ` → ${nextName}` : ''}`;
    }
    const summary = [details.error, details.cause].filter(Boolean).join(': ');
    return el(
      'tr',
      { className: kind ? `event-${kind}` : undefined, 'data-event-type': event.type },
      el('td', { className: 'num' }, event.id),
      el('td', {}, event.type, mark ? el('span', { className: `mark mark-${kind}` }, mark) : null),
      el('td', {}, details.name ?? visit?.state ?? '', details.index !== undefined ? el('span', { className: 'muted' }, ` iteration ${details.index}`) : null),
      el('td', { className: 'num' }, `${Math.round((event.timestamp - start) * 1000)} ms`),
      el('td', { className: 'summary', title: summary }, summary.length > 160 ? `${summary.slice(0, 160)}…` : summary),
    );
  });
  return el(
    'table',
    { className: 'events' },
    el('thead', {}, el('tr', {}, el('th', {}, 'ID'), el('th', {}, 'Type'), el('th', {}, 'Step'), el('th', {}, 'Elapsed'), el('th', {}, 'Error and cause'))),
    el('tbody', {}, ...rows),
  );
}
