/**
 * Workflow variables (Assign) with AWS's scoping: a Parallel branch or Map iteration gets a new
 * scope that reads the outer scopes but writes only its own, so iterations stay isolated and
 * the outer variables are read-only inside them.
 */
export class VariableScope {
  private readonly values = new Map<string, unknown>();
  constructor(private readonly parent?: VariableScope) {}

  child(): VariableScope {
    return new VariableScope(this);
  }

  lookup(name: string): { found: boolean; value?: unknown } {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    for (let s: VariableScope | undefined = this; s; s = s.parent) {
      if (s.values.has(name)) return { found: true, value: s.values.get(name) };
    }
    return { found: false };
  }

  assign(values: Record<string, unknown>): void {
    for (const k in values) this.values.set(k, values[k]);
  }

  /** All visible variables as JSONata bindings (inner scopes shadow outer ones). */
  bindings(): Record<string, unknown> {
    const out: Record<string, unknown> = this.parent ? this.parent.bindings() : {};
    for (const [k, v] of this.values) out[k] = v;
    return out;
  }
}
