import { InvalidInput } from './shared/errors';
import { instrument } from './shared/logger';
import { address, object, orderId, parseOrThrow } from './shared/schemas';

const input = object({ orderId, address });

/** Countries the simulated carriers deliver to. */
export const SHIPPING_COUNTRIES: readonly string[] = ['US', 'CA', 'GB', 'IE', 'DE', 'FR', 'NL', 'ES', 'IT'];

/** The postal code the simulated address service knows to be undeliverable. */
const UNDELIVERABLE_POSTAL_CODE = '00000';

export interface AddressVerdict {
  deliverable: boolean;
  reason?: string;
}

/**
 * VerifyAddress: a simulated address service. The reason names the rule, never the address itself
 * (it ends up in events and logs).
 */
export const handler = instrument('VerifyAddress', async (event: unknown): Promise<AddressVerdict> => {
  const { address: { country, postalCode } } = parseOrThrow(input, event, (message) => new InvalidInput(message));
  if (!SHIPPING_COUNTRIES.includes(country)) {
    return { deliverable: false, reason: 'we do not ship to this country' };
  }
  if (postalCode === UNDELIVERABLE_POSTAL_CODE) {
    return { deliverable: false, reason: 'the postal code is not deliverable' };
  }
  return { deliverable: true };
});
