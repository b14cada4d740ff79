import { InvalidInput } from './shared/errors';
import { instrument } from './shared/logger';
import { currency, money, object, orderId, parseOrThrow, string } from './shared/schemas';

const input = object({ orderId, customerId: string((value) => value.length > 0, 'must not be empty'), total: money, currency });

export interface RiskAssessment {
  risk: 'LOW' | 'HIGH';
  score: number;
  reasons: string[];
}

/** Customers on the simulated fraud list have ids starting with this prefix. */
const FRAUD_LIST_PREFIX = 'risky-';

/**
 * AssessFraudRisk: a simulated risk service. HIGH for customers on the fraud list, LOW otherwise;
 * the score (0..100) is informative, the Choice after RiskChecks reads `risk`.
 */
export const handler = instrument('AssessFraudRisk', async (event: unknown): Promise<RiskAssessment> => {
  const { customerId } = parseOrThrow(input, event, (message) => new InvalidInput(message));
  if (customerId.startsWith(FRAUD_LIST_PREFIX)) {
    return { risk: 'HIGH', score: 95, reasons: ['customer is on the fraud list'] };
  }
  return { risk: 'LOW', score: 10, reasons: [] };
});
