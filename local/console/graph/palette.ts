/**
 * Colours and icons. A state's type is told by its accent colour and icon (so Choice, Wait,
 * Succeed, Fail, Parallel and Map read at a glance even when colours show status); a status, when
 * given, sets the box's fill and border. Icons are drawn as paths, not font glyphs, because the
 * fonts of a README viewer are unknown.
 */
import type { StateStatus } from './types';

export interface TypeStyle {
  accent: string;
  fill: string;
}

const TYPE_STYLES: Record<string, TypeStyle> = {
  Task: { accent: '#0972d3', fill: '#ffffff' },
  Choice: { accent: '#b15f00', fill: '#fff8ec' },
  Wait: { accent: '#7d4cdb', fill: '#f6f2ff' },
  Pass: { accent: '#5f6b7a', fill: '#ffffff' },
  Succeed: { accent: '#037f0c', fill: '#eefbee' },
  Fail: { accent: '#d91515', fill: '#fff1f1' },
  Parallel: { accent: '#0f6a8c', fill: '#f3f8fb' },
  Map: { accent: '#0f6a8c', fill: '#f3f8fb' },
};

export function typeStyle(type: string | undefined): TypeStyle {
  return TYPE_STYLES[type ?? ''] ?? TYPE_STYLES.Task;
}

export interface StatusStyle {
  fill: string;
  stroke: string;
  dashed?: boolean;
}

export const STATUS_STYLES: Record<StateStatus, StatusStyle> = {
  succeeded: { fill: '#e3f6e3', stroke: '#037f0c' },
  failed: { fill: '#fde7e7', stroke: '#d91515' },
  caught: { fill: '#fff1dc', stroke: '#d97706' },
  'in-progress': { fill: '#e2effc', stroke: '#0972d3' },
  'not-reached': { fill: '#ffffff', stroke: '#b4bcc6' },
  cancelled: { fill: '#eceef1', stroke: '#5f6b7a', dashed: true },
};

export const INK = '#16191f';
export const MUTED = '#5f6b7a';
export const PLAIN_BORDER = '#8d99a8';
export const EDGE_COLOURS = { plain: '#5f6b7a', default: '#8d99a8', catch: '#c2410c' } as const;

/** An icon in a 16×16 box at (x, y), stroked in `colour`. */
export function icon(type: string | undefined, x: number, y: number, colour: string): string {
  const stroke = `fill="none" stroke="${colour}" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"`;
  const at = `transform="translate(${x} ${y})"`;
  switch (type) {
    case 'Choice':
      return `<path ${at} d="M8 1 L15 8 L8 15 L1 8 Z" ${stroke}/>`;
    case 'Wait':
      return `<g ${at} ${stroke}><circle cx="8" cy="8" r="6.5"/><path d="M8 4 V8 L11 10"/></g>`;
    case 'Succeed':
      return `<g ${at} ${stroke}><circle cx="8" cy="8" r="6.5"/><path d="M5 8.2 L7.2 10.4 L11 5.8"/></g>`;
    case 'Fail':
      return `<g ${at} ${stroke}><circle cx="8" cy="8" r="6.5"/><path d="M5.5 5.5 L10.5 10.5 M10.5 5.5 L5.5 10.5"/></g>`;
    case 'Pass':
      return `<path ${at} d="M2 8 H13 M9 4 L13 8 L9 12" ${stroke}/>`;
    case 'Parallel':
      return `<path ${at} d="M5 2 V14 M11 2 V14 M2 5 H5 M11 11 H14" ${stroke}/>`;
    case 'Map':
      return `<g ${at} ${stroke}><rect x="1" y="5" width="9" height="9" rx="1.5"/><path d="M4 2.5 H13.5 V12"/></g>`;
    default:
      return `<g ${at} ${stroke}><rect x="1.5" y="2.5" width="13" height="11" rx="2"/><path d="M4.5 6 H11.5 M4.5 9.5 H9"/></g>`;
  }
}
