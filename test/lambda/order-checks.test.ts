/**
 * The handlers without side effects: ValidateOrder, AssessFraudRisk, VerifyAddress. They touch no
 * table, so this file needs no DynamoDB Local.
 */
import { handler as assessFraudRisk } from '../../lambda/assess-fraud-risk';
import { handler as validateOrder } from '../../lambda/validate-order';
import { handler as verifyAddress } from '../../lambda/verify-address';
import { ADDRESS, captureLogs, errorOf } from './helpers';

const TOKEN = 'tok_mastercard';

function order(overrides: Record<string, unknown> = {}) {
  return {
    orderId: 'ord-valid-1',
    customerId: 'cust-42',
    currency: 'EUR',
    items: [
      { sku: 'SKU-BOOK-001', quantity: 2, unitPrice: 1999 },
      { sku: 'SKU-LAMP-003', quantity: 1, unitPrice: 4500 },
    ],
    payment: { method: 'card', token: TOKEN },
    shipping: { address: { ...ADDRESS } },
    ...overrides,
  };
}

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => {
  // Whatever a test did, neither the payment token nor any part of the address reached the logs.
  const text = logs.text();
  logs.restore();
  expect(text).not.toContain('tok_');
  for (const part of Object.values(ADDRESS).filter((value) => value.length > 2)) expect(text).not.toContain(part);
});

describe('ValidateOrder', () => {
  it('returns the normalised order with its total in minor units', async () => {
    const result = await validateOrder({ ...order(), coupon: 'ignored' });
    expect(result).toEqual({
      orderId: 'ord-valid-1',
      customerId: 'cust-42',
      currency: 'EUR',
      items: [
        { sku: 'SKU-BOOK-001', quantity: 2, unitPrice: 1999 },
        { sku: 'SKU-LAMP-003', quantity: 1, unitPrice: 4500 },
      ],
      payment: { method: 'card', token: TOKEN },
      shipping: { address: ADDRESS, express: false },
      total: 2 * 1999 + 4500,
    });
    const lines = logs.lines();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.orderId === 'ord-valid-1')).toBe(true);
  });

  it('keeps express when given', async () => {
    const result = await validateOrder(order({ shipping: { address: ADDRESS, express: true } }));
    expect(result.shipping.express).toBe(true);
  });

  it.each([
    ['a quantity of zero', order({ items: [{ sku: 'SKU-BOOK-001', quantity: 0, unitPrice: 1 }] }), 'items[0].quantity: '],
    ['a fractional quantity', order({ items: [{ sku: 'SKU-BOOK-001', quantity: 1.5, unitPrice: 1 }] }), 'items[0].quantity: '],
    ['a quantity above 1000', order({ items: [{ sku: 'SKU-BOOK-001', quantity: 1001, unitPrice: 1 }] }), 'items[0].quantity: '],
    ['a price in decimal units', order({ items: [{ sku: 'SKU-BOOK-001', quantity: 1, unitPrice: 19.99 }] }), 'items[0].unitPrice: '],
    ['a negative price', order({ items: [{ sku: 'SKU-BOOK-001', quantity: 1, unitPrice: -1 }] }), 'items[0].unitPrice: '],
    ['no lines', order({ items: [] }), 'items: '],
    ['a missing orderId', { ...order(), orderId: undefined }, 'orderId: '],
    ['an orderId with spaces', order({ orderId: 'ord 1' }), 'orderId: '],
    ['a lower-case currency', order({ currency: 'eur' }), 'currency: '],
    ['an unknown payment method', order({ payment: { method: 'cash', token: TOKEN } }), 'payment.method: '],
    ['a blank token', order({ payment: { method: 'card', token: '  ' } }), 'payment.token: '],
    ['a country name instead of its code', order({ shipping: { address: { ...ADDRESS, country: 'Ireland' } } }), 'shipping.address.country: '],
    ['a missing address', order({ shipping: {} }), 'shipping.address: '],
    ['a second line for the same SKU', order({ items: [{ sku: 'SKU-BOOK-001', quantity: 1, unitPrice: 1 }, { sku: 'SKU-BOOK-001', quantity: 1, unitPrice: 1 }] }), 'items[1].sku: '],
    ['a total above 100 000 000', order({ items: [{ sku: 'SKU-PIANO-005', quantity: 1000, unitPrice: 100_001 }] }), 'items: '],
    ['not an object at all', 'ord-1', 'order: '],
  ])('rejects %s with InvalidOrder naming the field', async (_, input, path) => {
    const error = await errorOf(validateOrder(input));
    expect(error.name).toBe('InvalidOrder');
    expect(error.message.startsWith(path)).toBe(true);
  });

  it('logs the orderId and the error name of a rejected order', async () => {
    await errorOf(validateOrder(order({ currency: 'euro' })));
    expect(logs.lines()).toContainEqual(expect.objectContaining({ orderId: 'ord-valid-1', errorName: 'InvalidOrder' }));
  });

  it('accepts a total of exactly 100 000 000', async () => {
    const result = await validateOrder(order({ items: [{ sku: 'SKU-PIANO-005', quantity: 1000, unitPrice: 100_000 }] }));
    expect(result.total).toBe(100_000_000);
  });
});

describe('AssessFraudRisk', () => {
  it('rates an ordinary customer LOW', async () => {
    const result = await assessFraudRisk({ orderId: 'ord-risk-1', customerId: 'cust-42', total: 250_000, currency: 'EUR' });
    expect(result).toEqual({ risk: 'LOW', score: 10, reasons: [] });
    expect(logs.lines()).toContainEqual(expect.objectContaining({ orderId: 'ord-risk-1' }));
  });

  it('rates a customer on the fraud list HIGH, with the reason', async () => {
    const result = await assessFraudRisk({ orderId: 'ord-risk-2', customerId: 'risky-7', total: 250_000, currency: 'EUR' });
    expect(result).toEqual({ risk: 'HIGH', score: 95, reasons: ['customer is on the fraud list'] });
  });

  it('rejects an input without a total with InvalidInput', async () => {
    const error = await errorOf(assessFraudRisk({ orderId: 'ord-risk-3', customerId: 'cust-42', currency: 'EUR' }));
    expect(error.name).toBe('InvalidInput');
    expect(error.message.startsWith('total: ')).toBe(true);
  });
});

describe('VerifyAddress', () => {
  it('finds an Irish address deliverable', async () => {
    expect(await verifyAddress({ orderId: 'ord-addr-1', address: ADDRESS })).toEqual({ deliverable: true });
    expect(logs.lines()).toContainEqual(expect.objectContaining({ orderId: 'ord-addr-1' }));
  });

  it('refuses a country we do not ship to', async () => {
    expect(await verifyAddress({ orderId: 'ord-addr-2', address: { ...ADDRESS, country: 'BR' } })).toEqual({
      deliverable: false,
      reason: 'we do not ship to this country',
    });
  });

  it('refuses the postal code 00000', async () => {
    expect(await verifyAddress({ orderId: 'ord-addr-3', address: { ...ADDRESS, postalCode: '00000', country: 'US' } })).toEqual({
      deliverable: false,
      reason: 'the postal code is not deliverable',
    });
  });

  it('rejects an address without a city with InvalidInput', async () => {
    const error = await errorOf(verifyAddress({ orderId: 'ord-addr-4', address: { ...ADDRESS, city: undefined } }));
    expect(error.name).toBe('InvalidInput');
    expect(error.message.startsWith('address.city: ')).toBe(true);
  });
});
