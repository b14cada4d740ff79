import { error, schemaError, type Diagnostic } from './diagnostics';

/**
 * The definition's JSON text as AWS reads it: blank text or a JSON value that is not an object is
 * SCHEMA_VALIDATION_FAILED "Definition must be a valid JSON object" (recorded for " "); text that
 * is not JSON is INVALID_JSON_DESCRIPTION with the message of AWS's parser (Jackson), e.g.
 * "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null',
 * 'true' or 'false')\n at [Source: (String)"not a definition"; line: 1, column: 4]", whose
 * `[Source: ...]` part is also the location. Like Jackson, only the first value is read.
 */
export type ParsedText = { definition: Record<string, unknown> } | { diagnostic: Diagnostic };

const NOT_AN_OBJECT = 'Definition must be a valid JSON object';
const VALUE_EXPECTED = "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

export function parseDefinitionText(text: string): ParsedText {
  if (text.trim() === '') return { diagnostic: schemaError(NOT_AN_OBJECT) };
  const problem = findSyntaxProblem(text);
  if (problem) {
    const source = sourceLocation(text, problem.at);
    return { diagnostic: error('INVALID_JSON_DESCRIPTION', `${problem.message}\n at ${source}`, source) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // trailing text after the first value, which Jackson ignores
    value = JSON.parse(text.slice(0, firstValueEnd(text)));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { diagnostic: schemaError(NOT_AN_OBJECT) };
  return { definition: value as Record<string, unknown> };
}

/**
 * What is wrong with a JSON text, in the parser's words ("Unrecognized token ...\n at [Source:
 * ...]"), or undefined when it is JSON.
 */
export function findJsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const problem = findSyntaxProblem(text);
    if (problem) return `${problem.message}\n at ${sourceLocation(text, problem.at)}`;
    return (e as Error).message;
  }
}

/** Jackson's `[Source: (String)"..."; line: L, column: C]`, the text cut at 500 characters. */
function sourceLocation(text: string, pointer: number): string {
  const before = text.slice(0, pointer);
  const line = before.split('\n').length;
  const column = pointer - (before.lastIndexOf('\n') + 1) + 1;
  const shown = text.length > 500 ? `"${text.slice(0, 500)}"[truncated ${text.length - 500} chars]` : `"${text}"`;
  return `[Source: (String)${shown}; line: ${line}, column: ${column}]`;
}

interface Problem {
  message: string;
  /** Where the parser stood after reading what it complains about. */
  at: number;
}

class SyntaxProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

const describe = (c: string) => `'${c}' (code ${c.charCodeAt(0)})`;
const fail = (message: string, at: number): never => {
  throw new SyntaxProblem({ message, at });
};

/** A small recursive-descent reader of the first JSON value, reporting its first problem. */
function findSyntaxProblem(text: string): Problem | undefined {
  try {
    readValue(text, skip(text, 0), undefined);
    return undefined;
  } catch (e) {
    if (e instanceof SyntaxProblem) return e.problem;
    throw e;
  }
}

function firstValueEnd(text: string): number {
  return readValue(text, skip(text, 0), undefined);
}

function skip(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  return i;
}

type Container = { kind: 'Object' | 'Array'; start: number };

/** Reads a value at `i` (whitespace skipped) and returns the index after it. */
function readValue(text: string, i: number, within: Container | undefined): number {
  if (i >= text.length) return endOfInput(text, within);
  const c = text[i];
  if (c === '{') return readObject(text, i);
  if (c === '[') return readArray(text, i);
  if (c === '"') return readString(text, i);
  if (c === '-' || (c >= '0' && c <= '9')) return readNumber(text, i);
  if (/[A-Za-z_$]/.test(c)) {
    let j = i;
    while (j < text.length && /[\w$]/.test(text[j])) j++;
    const token = text.slice(i, j);
    if (token === 'true' || token === 'false' || token === 'null') return j;
    return fail(`Unrecognized token '${token}': ${VALUE_EXPECTED}`, j);
  }
  return fail(`Unexpected character (${describe(c)}): expected a value`, i + 1);
}

function endOfInput(text: string, within: Container | undefined): never {
  if (!within) return fail('No content to map due to end-of-input', text.length);
  return fail(`Unexpected end-of-input: expected close marker for ${within.kind} (start marker at ${sourceLocation(text, within.start)})`, text.length);
}

function readObject(text: string, start: number): number {
  const within: Container = { kind: 'Object', start };
  let i = skip(text, start + 1);
  if (text[i] === '}') return i + 1;
  for (;;) {
    if (i >= text.length) return endOfInput(text, within);
    if (text[i] !== '"') return fail(`Unexpected character (${describe(text[i])}): was expecting double-quote to start field name`, i + 1);
    i = skip(text, readString(text, i));
    if (i >= text.length) return endOfInput(text, within);
    if (text[i] !== ':') return fail(`Unexpected character (${describe(text[i])}): was expecting a colon to separate field name and value`, i + 1);
    i = skip(text, readValue(text, skip(text, i + 1), within));
    if (i >= text.length) return endOfInput(text, within);
    if (text[i] === '}') return i + 1;
    if (text[i] !== ',') return fail(`Unexpected character (${describe(text[i])}): was expecting comma to separate Object entries`, i + 1);
    i = skip(text, i + 1);
  }
}

function readArray(text: string, start: number): number {
  const within: Container = { kind: 'Array', start };
  let i = skip(text, start + 1);
  if (text[i] === ']') return i + 1;
  for (;;) {
    i = skip(text, readValue(text, i, within));
    if (i >= text.length) return endOfInput(text, within);
    if (text[i] === ']') return i + 1;
    if (text[i] !== ',') return fail(`Unexpected character (${describe(text[i])}): was expecting comma to separate Array entries`, i + 1);
    i = skip(text, i + 1);
  }
}

function readString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return i + 1;
    if (c === '\\') {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) return fail('Unexpected character: expected a hex-digit for character escape sequence', i + 3);
        i += 6;
        continue;
      }
      if (e === undefined) break;
      if (!'"\\/bfnrt'.includes(e)) return fail(`Unrecognized character escape ${describe(e)}`, i + 2);
      i += 2;
      continue;
    }
    if (c < ' ') return fail(`Illegal unquoted character ((CTRL-CHAR, code ${c.charCodeAt(0)})): has to be escaped using backslash to be included in string value`, i + 1);
    i++;
  }
  return fail('Unexpected end-of-input: was expecting closing quote for a string value', text.length);
}

function readNumber(text: string, start: number): number {
  const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(start));
  if (!m || m[0] === '-') return fail(`Unexpected character (${describe(text[start + 1] ?? ' ')}): expected digit (0-9) to follow minus sign, for valid numeric value`, start + 2);
  return start + m[0].length;
}
