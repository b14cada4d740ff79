/** The console's home: the state machines the server holds. */
import { allPages } from '../api';
import { el, link } from '../dom';
import { time } from '../format';

interface MachineItem {
  stateMachineArn: string;
  name: string;
  type: string;
  creationDate: number;
}

export async function machineListPage(): Promise<HTMLElement> {
  const machines = await allPages<MachineItem>('ListStateMachines', { maxResults: 100 }, 'stateMachines');
  return el(
    'section',
    { className: 'machines' },
    el('h1', {}, 'State machines'),
    el(
      'table',
      {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'Type'), el('th', {}, 'Created'))),
      el('tbody', {}, ...machines.map((m) => el('tr', {}, el('td', {}, link(`/state-machines/${m.stateMachineArn}`, m.name)), el('td', {}, m.type), el('td', {}, time(m.creationDate))))),
    ),
    machines.length ? null : el('p', { className: 'muted' }, 'No state machines.'),
  );
}
