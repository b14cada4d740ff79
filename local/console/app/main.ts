/// <reference lib="dom" />
/**
 * The local console's entry: one page shell for every route, the path says which view to draw.
 * `/` lists the state machines, `/state-machines/<arn>` shows one, `/executions/<arn>` one execution.
 */
import { el } from './dom';
import { executionPage } from './pages/execution-page';
import { machineListPage } from './pages/machine-list';
import { machinePage } from './pages/machine-page';

async function view(pathname: string): Promise<HTMLElement> {
  const path = decodeURIComponent(pathname);
  if (path.startsWith('/executions/')) return executionPage(path.slice('/executions/'.length));
  if (path.startsWith('/state-machines/')) return machinePage(path.slice('/state-machines/'.length));
  return machineListPage();
}

const root = document.getElementById('app')!;
view(location.pathname).then(
  (page) => root.replaceChildren(page),
  (error: Error) => root.replaceChildren(el('div', { className: 'panel error' }, el('h1', {}, 'This page could not be shown'), el('p', {}, error.message))),
);
