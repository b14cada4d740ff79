/** Times the API gives as epoch seconds, shown the way a person reads them. */
export function time(epochSeconds: number | undefined): string {
  if (epochSeconds === undefined) return '';
  return new Date(epochSeconds * 1000).toLocaleString(undefined, { hour12: false });
}

export function duration(startSeconds: number, stopSeconds?: number): string {
  const ms = Math.max(0, ((stopSeconds ?? Date.now() / 1000) - startSeconds) * 1000);
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** JSON text from the history, indented; text that is not JSON is shown as it is. */
export function prettyJson(text: string | undefined): string {
  if (text === undefined) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export const shortName = (arn: string) => arn.split(':').pop() ?? arn;
