/**
 * Sizes shared by the layout (which reserves the room) and the renderer (which fills it), so
 * that what is drawn is exactly what was measured.
 */
import { textWidth } from './text-width';
import type { GraphNode } from './types';

export const FONT_FAMILY = 'Helvetica, Arial, sans-serif';
export const NAME_FONT = 13;
export const TYPE_FONT = 11;
export const LABEL_FONT = 11;

export const STATE_HEIGHT = 46;
export const STATE_MIN_WIDTH = 120;
/** Left of the text: an accent bar and the type's icon. */
export const STATE_TEXT_LEFT = 38;
export const STATE_PAD_RIGHT = 16;
export const TERMINAL_WIDTH = 72;
export const TERMINAL_HEIGHT = 30;

/** A container's title strip, its padding around the branches and the gap between branches. */
export const CONTAINER_HEADER = 44;
export const CONTAINER_PAD = 16;
export const LANE_GAP = 20;
export const LANE_PAD = 12;

export const LABEL_PAD_X = 6;
export const LABEL_HEIGHT = 18;

/** Width and height of a state or terminal node (containers are sized by their contents). */
export function leafSize(node: GraphNode): { width: number; height: number } {
  if (node.kind !== 'state') return { width: TERMINAL_WIDTH, height: TERMINAL_HEIGHT };
  return { width: Math.max(STATE_MIN_WIDTH, headerTextWidth(node)), height: STATE_HEIGHT };
}

/** Room for a node's icon, name and type line, which a container's header needs as well. */
export function headerTextWidth(node: GraphNode): number {
  const text = Math.max(textWidth(node.name, NAME_FONT, true), textWidth(typeCaption(node), TYPE_FONT));
  return STATE_TEXT_LEFT + text + STATE_PAD_RIGHT;
}

/** The second line of a state's box, as the AWS console writes it. */
export function typeCaption(node: GraphNode): string {
  if (node.stateType === 'Parallel') return `Parallel state · ${node.branches ?? 0} branches`;
  if (node.stateType === 'Map') return 'Map state · each item';
  return `${node.stateType ?? ''} state`;
}

export function labelSize(label: string): { width: number; height: number } {
  return { width: textWidth(label, LABEL_FONT) + 2 * LABEL_PAD_X, height: LABEL_HEIGHT };
}
