/**
 * Starts an execution from the page: an example order from examples/ or pasted JSON, checked
 * before it is sent (JSON, and within Step Functions' 256 KiB input limit), with a fresh orderId
 * by default so an example can run again without ending as a duplicate order.
 */
import { ApiCallError, sfn } from './api';
import { el } from './dom';

/** Step Functions' limit on an execution's input, in UTF-8 bytes. */
export const MAX_INPUT_BYTES = 256 * 1024;

function randomSuffix(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => (b % 36).toString(36)).join('');
}

/** Names and orderIds keep to letters, digits, - and _, as `npm run order` names them. */
const safe = (text: string, max: number) => text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max) || 'order';

/** The input to send, or the message saying why it cannot be sent. */
export function checkInput(text: string, freshOrderId: boolean): { input: string; name: string } | { problem: string } {
  if (text.trim() === '') return { problem: 'The input is empty: pick an example or paste a JSON order.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `The input is not JSON: ${(error as Error).message}` };
  }
  const suffix = randomSuffix();
  const order = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (freshOrderId && order && typeof order.orderId === 'string') order.orderId = `${safe(order.orderId, 64 - 7)}-${suffix}`;
  const input = freshOrderId ? JSON.stringify(value, null, 2) : text;
  const bytes = new TextEncoder().encode(input).length;
  if (bytes > MAX_INPUT_BYTES) {
    return { problem: `The input is too large: ${bytes.toLocaleString('en')} bytes, and Step Functions takes at most ${MAX_INPUT_BYTES.toLocaleString('en')} (256 KiB).` };
  }
  // The name reads like the order, as `npm run order` names executions; a fresh orderId already ends in the suffix.
  const orderId = order && typeof order.orderId === 'string' ? order.orderId : 'order';
  return { input, name: freshOrderId && order && typeof order.orderId === 'string' ? safe(orderId, 80) : `${safe(orderId, 80 - 7)}-${suffix}` };
}

export function startForm(stateMachineArn: string): HTMLElement {
  const examples = el('select', { name: 'example', 'aria-label': 'Example order' }, el('option', { value: '' }, 'Pick an example…'));
  const input = el('textarea', { name: 'input', rows: 12, spellcheck: 'false', placeholder: '{ "orderId": "…" }', 'aria-label': 'Execution input (JSON)' });
  const fresh = el('input', { type: 'checkbox', name: 'fresh-order-id', checked: '' });
  const message = el('p', { className: 'form-message', role: 'alert' });
  const button = el('button', { type: 'submit' }, 'Start execution');

  fetch('/examples/')
    .then((r) => r.json() as Promise<string[]>)
    .then((names) => examples.append(...names.map((n) => el('option', { value: n }, n))))
    .catch(() => (message.textContent = 'The example orders could not be listed; paste JSON instead.'));
  examples.addEventListener('change', async () => {
    if (!examples.value) return;
    const response = await fetch(`/examples/${encodeURIComponent(examples.value)}`);
    input.value = await response.text();
    message.textContent = '';
  });

  const form = el(
    'form',
    { className: 'start-form' },
    el('h2', {}, 'Start an execution'),
    el('div', { className: 'form-row' }, examples, el('label', {}, fresh, ' fresh orderId')),
    input,
    el('div', { className: 'form-row' }, button, message),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const checked = checkInput(input.value, fresh.checked);
    if ('problem' in checked) {
      message.textContent = checked.problem;
      message.className = 'form-message error';
      return;
    }
    button.disabled = true;
    message.className = 'form-message';
    message.textContent = 'Starting…';
    try {
      const started = await sfn('StartExecution', { stateMachineArn, name: checked.name, input: checked.input });
      location.assign(`/executions/${started.executionArn}`);
    } catch (error) {
      message.textContent = error instanceof ApiCallError ? error.message : `StartExecution failed: ${(error as Error).message}`;
      message.className = 'form-message error';
      button.disabled = false;
    }
  });
  return form;
}
