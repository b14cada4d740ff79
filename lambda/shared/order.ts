import * as z from 'zod/mini';
import { address, currency, customerId, list, money, object, orderId, payment, quantity, sku } from './schemas';

/**
 * The execution input (docs/design.md). Only ValidateOrder checks the whole of it, so it lives apart
 * from the shared schemas and stays out of the other handlers' bundles.
 */
export const order = object({
  orderId,
  customerId,
  currency,
  items: list(object({ sku, quantity, unitPrice: money }), 1, 50),
  payment,
  shipping: object({ address, express: z._default(z.boolean('must be true or false'), false) }),
});
export type Order = z.infer<typeof order>;
