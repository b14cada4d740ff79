/**
 * The saga under AWS's own failure semantics (`npm run faults`, here in the suite): every step with a
 * side effect by every fault AWS can produce there, then random orders under random fault schedules
 * from a fixed seed. Each run is the synthesized workflow with the real bundles and DynamoDB Local,
 * and is checked only once every invocation it abandoned has finished (local/faults/invariants.ts).
 */
import { cellMark, formatMatrix, runMatrix, type CellResult } from '../../local/faults/matrix';
import { runProperties } from '../../local/faults/properties';
import { FAULTS } from '../../local/faults/scenarios';
import { startFaultLabs, type FaultLabs } from '../../local/faults/start-lab';

/** Fixed, so a failure here replays with `npm run faults -- --runs 20 --seed 20261201`. */
const SEED = 20261201;
const PROPERTY_RUNS = 20;

let faultLabs: FaultLabs;

beforeAll(async () => {
  faultLabs = await startFaultLabs(3);
}, 180_000);

afterAll(async () => {
  await faultLabs?.stop();
}, 60_000);

describe('the fault matrix', () => {
  let results: CellResult[];
  beforeAll(async () => {
    results = await runMatrix(faultLabs.labs);
    console.log(formatMatrix(results));
  }, 600_000);

  test('every cell holds every invariant', () => {
    const broken = results.filter((r) => cellMark(r).startsWith('✗'));
    expect(broken.map((r) => `${r.step} × ${r.fault}: ${r.violations!.map((v) => `${v.invariant}: ${v.detail}`).join('; ')}`)).toEqual([]);
  });

  test('a fault is left out only where it means nothing: a direct integration cannot crash or be delivered twice, a step without business errors has none', () => {
    const notApplicable = results.filter((r) => !r.violations).map((r) => `${r.step} × ${r.fault}`);
    const direct = ['ConfirmOrder', 'PublishOrderConfirmed', 'PublishOrderRejected', 'PublishOrderFailed', 'PublishOrderCompensationFailed'];
    expect(notApplicable.sort()).toEqual(
      [
        ...direct.flatMap((step) => ['business error', 'crash', 'duplicate invocation'].map((fault) => `${step} × ${fault}`)),
        'CheckPayment × business error',
        'CancelShipments × business error',
        'ReleaseInventory × business error',
      ].sort(),
    );
    expect(results).toHaveLength(13 * FAULTS.length);
  });

  test('the faults had their effect: timeouts timed out, crashes crashed, business errors ended the order', () => {
    const endings = (step: string, fault: string) => results.find((r) => r.step === step && r.fault === fault)!.endings;
    expect(endings('ReserveInventory', 'timeout before commit')).toEqual(['FAILED States.Timeout']);
    expect(endings('ChargePayment', 'timeout after commit')).toEqual(['FAILED States.Timeout']);
    expect(endings('CreateShipment', 'crash')).toEqual(['FAILED Runtime.ExitError']);
    expect(endings('ChargePayment', 'business error')).toEqual(['FAILED PaymentDeclined']);
    // A lost answer after the commit is retried over the done write: the order still goes through.
    expect(endings('ReserveInventory', 'service error after commit')).toEqual(['SUCCEEDED']);
    expect(endings('ConfirmOrder', 'timeout after commit')).toEqual(['SUCCEEDED']);
    // EventBridge refusing every attempt: a distinct ending that raises an alarm, never a compensation.
    expect(endings('PublishOrderConfirmed', 'throttling')).toEqual(['FAILED OutcomeNotPublished']);
    // The same order twice at once: one goes through, the other stops as a duplicate.
    expect(endings('same order started twice at once', 'duplicate invocation').filter((e) => e === 'SUCCEEDED')).toHaveLength(2);
  });
});

test(`property run: ${PROPERTY_RUNS} random orders under random fault schedules (seed ${SEED})`, async () => {
  const report = await runProperties(faultLabs.labs, { runs: PROPERTY_RUNS, seed: SEED });
  console.log(report.text);
  expect(report.holds).toBe(true);
}, 600_000);
