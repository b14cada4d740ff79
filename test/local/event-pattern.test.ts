import { InvalidEventPatternError, matchesEventPattern } from '../../local/emulator/event-pattern';

// Expectations from the EventBridge user guide, "Event patterns" and "Content filtering".
const orderPlaced = {
  version: '0',
  source: 'order-saga.shop',
  'detail-type': 'OrderPlaced',
  detail: { orderId: 'ord-1', total: 1500, tags: ['gift', 'express'], errorKind: 'technical' },
};

describe('EventBridge event patterns', () => {
  test('every field must match one of its listed values', () => {
    expect(matchesEventPattern({ source: ['order-saga.shop'], 'detail-type': ['OrderPlaced'] }, orderPlaced)).toBe(true);
    expect(matchesEventPattern({ source: ['order-saga.shop'], 'detail-type': ['OrderConfirmed'] }, orderPlaced)).toBe(false);
    expect(matchesEventPattern({ source: ['other', 'order-saga.shop'] }, orderPlaced)).toBe(true);
  });

  test('nested objects match field by field; a missing field does not match', () => {
    expect(matchesEventPattern({ detail: { errorKind: ['technical'] } }, orderPlaced)).toBe(true);
    expect(matchesEventPattern({ detail: { errorKind: ['business'] } }, orderPlaced)).toBe(false);
    expect(matchesEventPattern({ detail: { reason: ['x'] } }, orderPlaced)).toBe(false);
  });

  test('an array in the event matches when any element does', () => {
    expect(matchesEventPattern({ detail: { tags: ['express'] } }, orderPlaced)).toBe(true);
    expect(matchesEventPattern({ detail: { tags: ['fragile'] } }, orderPlaced)).toBe(false);
  });

  test('content filters: prefix, suffix, anything-but, numeric, exists, equals-ignore-case, wildcard', () => {
    expect(matchesEventPattern({ source: [{ prefix: 'order-saga.' }] }, orderPlaced)).toBe(true);
    expect(matchesEventPattern({ source: [{ suffix: '.shop' }] }, orderPlaced)).toBe(true);
    expect(matchesEventPattern({ 'detail-type': [{ 'anything-but': ['OrderPlaced'] }] }, orderPlaced)).toBe(false);
    expect(matchesEventPattern({ 'detail-type': [{ 'anything-but': { prefix: 'Order' } }] }, orderPlaced)).toBe(false);
    expect(matchesEventPattern({ detail: { total: [{ numeric: ['>=', 1000, '<', 2000] }] } }, orderPlaced)).toBe(true);
    expect(matchesEventPattern({ detail: { total: [{ numeric: ['>', 1500] }] } }, orderPlaced)).toBe(false);
    expect(matchesEventPattern({ detail: { reason: [{ exists: false }] } }, orderPlaced)).toBe(true);
    expect(matchesEventPattern({ detail: { orderId: [{ exists: true }] } }, orderPlaced)).toBe(true);
    expect(matchesEventPattern({ 'detail-type': [{ 'equals-ignore-case': 'orderplaced' }] }, orderPlaced)).toBe(true);
    expect(matchesEventPattern({ source: [{ wildcard: 'order-*.shop' }] }, orderPlaced)).toBe(true);
  });

  test('$or matches when any alternative does', () => {
    const pattern = { $or: [{ source: ['nope'] }, { 'detail-type': ['OrderPlaced'] }] };
    expect(matchesEventPattern(pattern, orderPlaced)).toBe(true);
  });

  test('a malformed pattern is a named error, not a silent mismatch', () => {
    expect(() => matchesEventPattern({ source: 'order-saga.shop' }, orderPlaced)).toThrow(InvalidEventPatternError);
    expect(() => matchesEventPattern({ source: [{ regex: '.*' }] }, orderPlaced)).toThrow(/unsupported pattern operator "regex"/);
  });
});
