import type { ValidateStateMachineDefinitionDiagnostic } from '@aws-sdk/client-sfn';

/**
 * A finding about a definition, as ValidateStateMachineDefinition reports it. The codes are AWS's
 * (the API reference lists them with ValidateStateMachineDefinitionDiagnostic); the messages and
 * locations follow what AWS returned where it was measured (see each rule).
 */
export type Diagnostic = ValidateStateMachineDefinitionDiagnostic & { severity: 'ERROR' | 'WARNING'; code: string; message: string };

export function error(code: string, message: string, location?: string): Diagnostic {
  return location === undefined ? { severity: 'ERROR', code, message } : { severity: 'ERROR', code, message, location };
}

export const schemaError = (message: string, location?: string) => error('SCHEMA_VALIDATION_FAILED', message, location);

/**
 * The detail CreateStateMachine and UpdateStateMachine put in their InvalidDefinition message,
 * e.g. `SCHEMA_VALIDATION_FAILED: Field 'X' is not supported at /States/A`; AWS writes `at null` for
 * a diagnostic without location (`MISSING_END_STATE: Workflow has no terminal state at null`).
 */
export function invalidDefinitionDetail(diagnostics: Diagnostic[]): string {
  return diagnostics
    .filter((d) => d.severity === 'ERROR')
    .map((d) => `${d.code}: ${d.message} at ${d.location ?? 'null'}`)
    .join(', ');
}

/** A JSON pointer-like location, `/States/A/Next`, built from its parts. */
export function at(...parts: (string | number)[]): string {
  return parts.length === 0 ? '/' : `/${parts.join('/')}`;
}
