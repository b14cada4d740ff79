/**
 * A laid-out workflow as one standalone SVG: presentation attributes only (no <style>, no
 * scripts, no ids), so it renders the same as a README image on GitHub and inlined in the console
 * page. Each state is `<g class="state" data-state=... data-status=...>` for tests and clicks.
 * Containers are drawn first, so the states they hold sit on top of them.
 */
import {
  CONTAINER_HEADER,
  FONT_FAMILY,
  LABEL_FONT,
  NAME_FONT,
  STATE_TEXT_LEFT,
  TYPE_FONT,
  typeCaption,
} from './metrics';
import { EDGE_COLOURS, icon, INK, MUTED, PLAIN_BORDER, STATUS_STYLES, typeStyle } from './palette';
import type { EdgePath, NodeBox, Point, StateStatuses, WorkflowLayout } from './types';

export function renderWorkflowSvg(layout: WorkflowLayout, statuses?: StateStatuses): string {
  const containers = layout.nodes.filter((n) => n.lanes);
  const leaves = layout.nodes.filter((n) => !n.lanes);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="${FONT_FAMILY}" role="img" aria-label="Workflow graph">`,
    `<rect width="${layout.width}" height="${layout.height}" fill="#ffffff"/>`,
    ...containers.map((n) => containerSvg(n, statuses)),
    ...layout.edges.map(edgeSvg),
    ...leaves.map((n) => (n.kind === 'state' ? stateSvg(n, statuses) : terminalSvg(n))),
    ...layout.edges.map(edgeLabelSvg),
    '</svg>',
    '',
  ].join('\n');
}

function terminalSvg(node: NodeBox): string {
  const r = node.height / 2;
  return [
    `<g class="terminal" data-terminal="${node.kind}">`,
    `<rect x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="${r}" fill="#414d5c"/>`,
    text(node.x + node.width / 2, node.y + node.height / 2 + 4.5, node.name, { size: 12, fill: '#ffffff', weight: 'bold', anchor: 'middle' }),
    '</g>',
  ].join('');
}

function stateSvg(node: NodeBox, statuses?: StateStatuses): string {
  const { fill, stroke, dashed, status } = boxColours(node, statuses);
  const accent = typeStyle(node.stateType).accent;
  return [
    open(node, status),
    `<rect x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="8" fill="${fill}" stroke="${stroke}" stroke-width="${statuses ? 2 : 1.2}"${dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
    `<rect x="${node.x + 4}" y="${node.y + 6}" width="4" height="${node.height - 12}" rx="2" fill="${accent}"/>`,
    icon(node.stateType, node.x + 14, node.y + node.height / 2 - 8, accent),
    text(node.x + STATE_TEXT_LEFT, node.y + 20, node.name, { size: NAME_FONT, fill: INK, weight: 'bold' }),
    text(node.x + STATE_TEXT_LEFT, node.y + 36, typeCaption(node), { size: TYPE_FONT, fill: MUTED }),
    badge(node, statuses),
    '</g>',
  ].join('');
}

function containerSvg(node: NodeBox, statuses?: StateStatuses): string {
  const { fill, stroke, dashed, status } = boxColours(node, statuses);
  const accent = typeStyle(node.stateType).accent;
  // A Map runs its processor once per item: a second frame behind it says "many".
  const stack =
    node.stateType === 'Map'
      ? `<rect x="${node.x + 5}" y="${node.y + 5}" width="${node.width}" height="${node.height}" rx="10" fill="#ffffff" stroke="${stroke}" stroke-width="1"/>`
      : '';
  const lanes = (node.lanes ?? []).map(
    (l) => `<rect x="${l.x}" y="${l.y}" width="${l.width}" height="${l.height}" rx="6" fill="#ffffff" fill-opacity="0.7" stroke="${PLAIN_BORDER}" stroke-width="1" stroke-dasharray="4 3"/>`,
  );
  return [
    open(node, status),
    stack,
    `<rect x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="10" fill="${fill}" stroke="${stroke}" stroke-width="${statuses ? 2 : 1.4}"${dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
    `<rect x="${node.x + 4}" y="${node.y + 6}" width="4" height="${CONTAINER_HEADER - 12}" rx="2" fill="${accent}"/>`,
    icon(node.stateType, node.x + 14, node.y + CONTAINER_HEADER / 2 - 8, accent),
    text(node.x + STATE_TEXT_LEFT, node.y + 20, node.name, { size: NAME_FONT, fill: INK, weight: 'bold' }),
    text(node.x + STATE_TEXT_LEFT, node.y + 36, typeCaption(node), { size: TYPE_FONT, fill: MUTED }),
    ...lanes,
    badge(node, statuses),
    '</g>',
  ].join('');
}

function open(node: NodeBox, status: string): string {
  return `<g class="state" data-state="${escapeXml(node.name)}" data-type="${escapeXml(node.stateType ?? '')}" data-status="${status}"><title>${escapeXml(`${node.name} (${node.stateType}): ${status}`)}</title>`;
}

function boxColours(node: NodeBox, statuses?: StateStatuses) {
  const status = statuses?.[node.name]?.status ?? 'not-reached';
  if (!statuses) return { ...typeStyle(node.stateType), stroke: PLAIN_BORDER, dashed: false, status };
  return { ...STATUS_STYLES[status], status };
}

/** "×3" in a dark pill on the top-right corner when a state ran more than once. */
function badge(node: NodeBox, statuses?: StateStatuses): string {
  const visits = statuses?.[node.name]?.visits ?? 0;
  if (visits <= 1) return '';
  const label = `×${visits}`;
  const width = 12 + label.length * 7;
  const x = node.x + node.width - width / 2 - 4;
  const y = node.y - 8;
  return [
    `<g class="visits" data-visits="${visits}">`,
    `<rect x="${x}" y="${y}" width="${width}" height="16" rx="8" fill="#16191f"/>`,
    text(x + width / 2, y + 12, label, { size: 11, fill: '#ffffff', weight: 'bold', anchor: 'middle' }),
    '</g>',
  ].join('');
}

function edgeSvg(edge: EdgePath): string {
  if (edge.points.length < 2) return '';
  const colour = edge.kind === 'catch' ? EDGE_COLOURS.catch : edge.kind === 'default' ? EDGE_COLOURS.default : EDGE_COLOURS.plain;
  const line = edge.points.map((p) => `${p.x},${p.y}`).join(' ');
  const dash = edge.kind === 'catch' ? ' stroke-dasharray="6 4"' : '';
  return [
    `<g class="edge" data-kind="${edge.kind}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}">`,
    `<polyline points="${line}" fill="none" stroke="${colour}" stroke-width="1.4" stroke-linejoin="round"${dash}/>`,
    arrowHead(edge.points[edge.points.length - 2], edge.points[edge.points.length - 1], colour),
    '</g>',
  ].join('');
}

/** A filled triangle whose tip is the edge's last point, pointing along the last segment. */
function arrowHead(from: Point, tip: Point, colour: string): string {
  const length = Math.hypot(tip.x - from.x, tip.y - from.y) || 1;
  const [ux, uy] = [(tip.x - from.x) / length, (tip.y - from.y) / length];
  const [bx, by] = [tip.x - ux * 8, tip.y - uy * 8];
  const corner = (side: number) => `${fixed(bx - uy * 4 * side)},${fixed(by + ux * 4 * side)}`;
  return `<polygon points="${tip.x},${tip.y} ${corner(1)} ${corner(-1)}" fill="${colour}"/>`;
}

function edgeLabelSvg(edge: EdgePath): string {
  if (!edge.label || !edge.labelBox) return '';
  const b = edge.labelBox;
  const colour = edge.kind === 'catch' ? EDGE_COLOURS.catch : MUTED;
  return [
    `<g class="edge-label" data-kind="${edge.kind}">`,
    `<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" rx="4" fill="#ffffff" stroke="${edge.kind === 'catch' ? '#f3c7a8' : '#d5dbe1'}" stroke-width="1"/>`,
    text(b.x + b.width / 2, b.y + b.height / 2 + 4, edge.label, {
      size: LABEL_FONT,
      fill: colour,
      anchor: 'middle',
      ...(edge.kind === 'default' ? { italic: true } : {}),
    }),
    '</g>',
  ].join('');
}

interface TextStyle {
  size: number;
  fill: string;
  weight?: 'bold';
  anchor?: 'middle';
  italic?: boolean;
}

function text(x: number, y: number, content: string, style: TextStyle): string {
  const attrs = [
    `x="${fixed(x)}"`,
    `y="${fixed(y)}"`,
    `font-size="${style.size}"`,
    `fill="${style.fill}"`,
    style.weight ? `font-weight="${style.weight}"` : '',
    style.anchor ? `text-anchor="${style.anchor}"` : '',
    style.italic ? 'font-style="italic"' : '',
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

/** One decimal, so sums of rounded coordinates print the same everywhere. */
function fixed(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
