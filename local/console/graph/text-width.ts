/**
 * Text widths estimated from a fixed table (in em, close to Helvetica/Arial) instead of measured in
 * a DOM: the layout must be the same on every machine and in Node, where there is no font.
 * Estimates err wide, so a label never spills out of its box.
 */

const NARROW = new Set("iljI.,:;!|'` ");
const SEMI_NARROW = new Set('ftr()[]{}-/\\"*');
const WIDE_LOWER = new Set('mw');
const WIDE_UPPER = new Set('MW@%');

function charWidth(ch: string): number {
  if (NARROW.has(ch)) return 0.28;
  if (SEMI_NARROW.has(ch)) return 0.36;
  if (WIDE_LOWER.has(ch)) return 0.85;
  if (WIDE_UPPER.has(ch)) return 0.9;
  if (ch >= 'A' && ch <= 'Z') return 0.7;
  if (ch >= '0' && ch <= '9') return 0.56;
  if (ch >= 'a' && ch <= 'z') return 0.56;
  if (ch.charCodeAt(0) < 128) return 0.58;
  return 0.8; // ≥, …, accents and other scripts: assume wide
}

/** Width in px of `text` at `fontSize` px; bold adds about 7%. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch);
  return Math.ceil(em * fontSize * (bold ? 1.07 : 1));
}
