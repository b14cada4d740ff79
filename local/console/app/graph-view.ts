/**
 * The workflow's picture on a page: laid out once from the definition, redrawn with new colours
 * as the execution moves on. Drawing it is the graph module's job; this file places it, and turns
 * a click on a state into the name of that state.
 */
import { layoutWorkflow, renderWorkflowSvg, workflowGraph } from '../graph';
import { el } from './dom';
import type { StateSummary } from './state-status';

export interface GraphView {
  element: HTMLElement;
  /** Redraws the states' colours and visit counts. */
  update(states?: Record<string, StateSummary>): void;
}

const LEGEND: [string, string][] = [
  ['succeeded', 'Succeeded'],
  ['caught', 'Caught'],
  ['failed', 'Failed'],
  ['in-progress', 'In progress'],
  ['cancelled', 'Cancelled'],
  ['not-reached', 'Not reached'],
];

export async function graphView(definition: string, onSelect?: (state: string) => void, withLegend = true): Promise<GraphView> {
  const layout = await layoutWorkflow(workflowGraph(JSON.parse(definition)));
  const canvas = el('div', { className: 'graph-canvas' });
  const legend = withLegend
    ? el('ul', { className: 'legend' }, ...LEGEND.map(([status, label]) => el('li', {}, el('span', { className: `swatch status-${status}` }), label)))
    : null;
  // The saga is wider than a panel: fitted it shows the whole path, at full size its labels read.
  const zoom = el('button', { type: 'button', className: 'zoom', 'aria-pressed': 'false' }, 'Actual size');
  zoom.addEventListener('click', () => {
    const actual = canvas.classList.toggle('actual-size');
    zoom.textContent = actual ? 'Fit to panel' : 'Actual size';
    zoom.setAttribute('aria-pressed', String(actual));
  });
  const element = el('div', { className: 'graph' }, el('div', { className: 'graph-tools' }, legend, zoom), canvas);
  if (onSelect) {
    canvas.addEventListener('click', (event) => {
      const node = (event.target as Element).closest('[data-state]');
      if (node) onSelect(node.getAttribute('data-state')!);
    });
  }
  let drawn: string | undefined;
  const update = (states?: Record<string, StateSummary>) => {
    const svg = renderWorkflowSvg(layout, states);
    // Only a changed picture replaces the DOM, so a poll that found nothing new keeps the page still.
    if (svg !== drawn) canvas.innerHTML = drawn = svg;
  };
  update();
  return { element, update };
}
