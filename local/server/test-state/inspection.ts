import type { InspectionData } from '@aws-sdk/client-sfn';
import type { InspectionField, SingleStateResult } from '../../engine';

/**
 * TestState's `inspectionData` (DEBUG and TRACE; INFO shows none): the raw input, each
 * intermediate value the engine's probe reported under AWS's names (JSON text, except the Map's
 * numbers), the workflow variables once the state is done (only when there are any, recorded),
 * and for an error the decision taken: `retryIndex` with `retryBackoffIntervalSeconds` (whole
 * seconds, before any jitter) or `catchIndex`.
 */
const NUMBERS: ReadonlySet<InspectionField> = new Set(['maxConcurrency', 'toleratedFailureCount', 'toleratedFailurePercentage']);

export class Inspection {
  private readonly values = new Map<InspectionField, unknown>();

  record(field: InspectionField, value: unknown): void {
    this.values.set(field, value);
  }

  data(input: unknown, result: SingleStateResult): InspectionData {
    const data: Record<string, unknown> = { input: JSON.stringify(input) };
    for (const [field, value] of this.values) data[field] = NUMBERS.has(field) ? value : JSON.stringify(value ?? null);
    if (Object.keys(result.variables).length > 0) data.variables = JSON.stringify(result.variables);
    if (result.retry) data.errorDetails = { retryIndex: result.retry.retrier, retryBackoffIntervalSeconds: Math.floor(result.retry.backoffSeconds) };
    if (result.catcher !== undefined) data.errorDetails = { catchIndex: result.catcher };
    return data as InspectionData;
  }
}
