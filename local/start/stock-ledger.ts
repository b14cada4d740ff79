import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { catalog } from '../../seed/catalog';
import type { Emulator } from '../emulator';

/** Stock by SKU, as the inventory table holds it now (a SKU it does not hold is absent). */
export type Stock = Map<string, number>;

const INVENTORY = 'InventoryTableName';
const SEEDED: Stock = new Map(catalog.map((item) => [item.sku, item.stock]));

/**
 * The inventory as samples running side by side hand it over. The stock of a SKU is one row that
 * every order of that SKU changes, so a sample takes its SKUs for itself (no sample of the same SKU
 * runs meanwhile), finds them as the seed put them (as after a reset: what ran before cannot change
 * its outcome), and its report compares their stock with the seed. What it leaves is what the next
 * sample of those SKUs must find: if it finds something else, a sample changed stock it did not
 * order, which no report would show. That, and any stock that differs at the end from what its last
 * sample left, is kept in `unexplained` instead of going unseen.
 */
export class StockLedger {
  readonly unexplained: string[] = [];
  /** What each SKU must hold now, and which sample left it so (none: the seed). */
  private readonly expected = new Map<string, { stock: number | undefined; leftBy?: string }>();

  constructor(private readonly emulator: Emulator) {}

  /** After a reset: every SKU as seeded. */
  reseeded(): void {
    this.expected.clear();
  }

  /** What the table holds now. */
  async read(): Promise<Stock> {
    const items = await this.emulator.scan(INVENTORY);
    return new Map(items.map((item) => [String(item.sku), Number(item.stock)]));
  }

  /** Before `sample` runs: its SKUs (`all`: every one) checked against what was left, then set back to the seed. */
  async take(skus: string[] | 'all', sample: string): Promise<void> {
    const now = await this.read();
    for (const sku of skus === 'all' ? this.allSkus(now) : skus) {
      this.explain(sku, now.get(sku), `when ${sample} started`);
      const seeded = SEEDED.get(sku);
      if (seeded !== undefined && now.get(sku) !== seeded) await this.setStock(sku, seeded);
      this.expected.delete(sku);
    }
  }

  /** After `sample`'s report: the stock it left is what its SKUs must hold until the next one takes them. */
  release(skus: string[] | 'all', left: Stock, sample: string): void {
    for (const sku of skus === 'all' ? this.allSkus(left) : skus) this.expected.set(sku, { stock: left.get(sku), leftBy: sample });
  }

  /** Once nothing runs: every SKU holds what its last sample left (or the seed). */
  async check(): Promise<void> {
    const now = await this.read();
    for (const sku of this.allSkus(now)) this.explain(sku, now.get(sku), 'at the end');
  }

  private explain(sku: string, stock: number | undefined, when: string): void {
    const { stock: expected, leftBy } = this.expected.get(sku) ?? { stock: SEEDED.get(sku) };
    if (stock === expected) return;
    this.unexplained.push(
      `${sku} held ${stock ?? 'no row'} ${when}, but ${leftBy ? `${leftBy} left it at` : 'the seed put'} ${expected ?? 'no row'}: ` +
        'a sample changed stock it does not order',
    );
  }

  private allSkus(now: Stock): string[] {
    return [...new Set([...SEEDED.keys(), ...this.expected.keys(), ...now.keys()])];
  }

  private async setStock(sku: string, stock: number): Promise<void> {
    await this.emulator.dynamodb.send(
      new UpdateCommand({
        TableName: this.emulator.outputs[INVENTORY],
        Key: { sku },
        UpdateExpression: 'SET stock = :stock',
        ExpressionAttributeValues: { ':stock': stock },
      }),
    );
  }
}
