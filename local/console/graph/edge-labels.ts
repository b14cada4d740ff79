/**
 * The short texts on edges: a Choice rule's Comment, else its condition written out (JSONata's
 * `{% %}` stripped, JSONPath's comparison operators as symbols), and a Catch's ErrorEquals. Long
 * texts are cut, because a label wider than its states pushes the whole graph apart.
 */

export const MAX_LABEL_CHARS = 32;

export function shorten(text: string, max = MAX_LABEL_CHARS): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

export function choiceRuleLabel(rule: Record<string, unknown>): string {
  if (typeof rule.Comment === 'string' && rule.Comment.trim()) return shorten(rule.Comment);
  return shorten(conditionText(rule));
}

export function catchLabel(errorEquals: unknown): string {
  return shorten(Array.isArray(errorEquals) ? errorEquals.join(', ') : 'error');
}

/** JSONPath comparison names, by the suffix after String/Numeric/Boolean/Timestamp. */
const OPERATORS: Array<[suffix: string, symbol: string]> = [
  ['GreaterThanEquals', '≥'],
  ['LessThanEquals', '≤'],
  ['GreaterThan', '>'],
  ['LessThan', '<'],
  ['Equals', '='],
  ['Matches', '~'],
];

function conditionText(rule: Record<string, unknown>): string {
  if (typeof rule.Condition === 'string') return rule.Condition.replace(/^\{%\s*|\s*%\}$/g, '');
  if (Array.isArray(rule.And)) return rule.And.map((r) => conditionText(r)).join(' and ');
  if (Array.isArray(rule.Or)) return rule.Or.map((r) => conditionText(r)).join(' or ');
  if (rule.Not && typeof rule.Not === 'object') return `not (${conditionText(rule.Not as Record<string, unknown>)})`;
  const variable = typeof rule.Variable === 'string' ? rule.Variable : '?';
  const test = Object.keys(rule).find((k) => !['Variable', 'Next', 'Comment'].includes(k));
  if (!test) return variable;
  const value = rule[test];
  if (test.startsWith('Is')) return `${variable} ${value === false ? 'not ' : ''}${test.slice(2).toLowerCase()}`;
  const name = test.replace(/Path$/, '');
  const operator = OPERATORS.find(([suffix]) => name.endsWith(suffix));
  const shown = typeof value === 'string' && !test.endsWith('Path') ? JSON.stringify(value) : String(value);
  return `${variable} ${operator ? operator[1] : name} ${shown}`;
}
