import { catalog } from '../../seed/catalog';
import type { Emulator } from '../emulator';
import type { Stock } from './stock-ledger';

type Item = Record<string, unknown>;

/** Whose leftovers: an order, the SKUs it ordered (`all`: any), and the stock they hold now. */
export interface LeftoversOf {
  orderId: string | undefined;
  skus: string[] | 'all';
  stock: Stock;
}

/**
 * What an execution left behind, in the terms of the README's outcomes table: the order row, the
 * stock of its SKUs against the seeded catalogue (it started from the seed, see StockLedger), the
 * payments ledger's balance, and the shipments.
 */
export async function describeLeftovers(emulator: Emulator, { orderId, skus, stock }: LeftoversOf): Promise<string[]> {
  const [orders, payments, shipments] = await Promise.all(
    ['OrdersTableName', 'PaymentsTableName', 'ShipmentsTableName'].map((table) => emulator.scan(table)),
  );
  const mine = (items: Item[]) => items.filter((item) => item.orderId === orderId);
  const order = mine(orders)[0];
  const lines = [`order: ${order ? orderStatus(order) : 'no row'}`];

  const stockChanges = catalog
    .filter((seeded) => skus === 'all' || skus.includes(seeded.sku))
    .map((seeded) => {
      const now = stock.get(seeded.sku);
      if (now === undefined) return `${seeded.sku} no row`;
      const delta = now - seeded.stock;
      return delta === 0 ? undefined : `${seeded.sku} ${delta > 0 ? '+' : ''}${delta}`;
    })
    .filter(Boolean);
  lines.push(`stock: ${stockChanges.length ? stockChanges.join(', ') : 'as seeded'}`);

  const ledger = mine(payments);
  const charge = ledger.find((entry) => entry.entry === 'CHARGE');
  const refund = ledger.find((entry) => entry.entry === 'REFUND');
  if (!charge) {
    lines.push('payments: no charge');
  } else if (charge.status === 'CANCELLED') {
    // A compensation closed the ledger before anything was charged, so a late charge is refused.
    lines.push('payments: nothing charged (CANCELLED by the compensation)');
  } else {
    const currency = String(charge.currency ?? '');
    const charged = ['CAPTURED', 'REFUNDED'].includes(String(charge.status)) ? Number(charge.amount) : 0;
    const refunded = Number(refund?.amount ?? 0);
    lines.push(
      `payments: charge ${String(charge.status)} ${money(Number(charge.amount), currency)}, ` +
        `refunded ${money(refunded, currency)}, balance ${money(charged - refunded, currency)}`,
    );
  }
  const parcels = mine(shipments);
  const byStatus = new Map<string, number>();
  for (const parcel of parcels) byStatus.set(String(parcel.status), (byStatus.get(String(parcel.status)) ?? 0) + 1);
  lines.push(`shipments: ${parcels.length ? [...byStatus].map(([status, count]) => `${count} ${status}`).join(', ') : 'none'}`);
  return lines;
}

/** The row's status, with what a reader needs beside it: the error remembered, or that it is only a fence. */
function orderStatus(order: Item): string {
  if (order.status === 'REJECTED') return `REJECTED (${String(order.error)} remembered)`;
  if (order.status === 'RELEASED' && Array.isArray(order.lines) && order.lines.length === 0) return 'RELEASED (a fence: nothing was reserved)';
  return String(order.status);
}

function money(minorUnits: number, currency: string): string {
  return `${(minorUnits / 100).toFixed(2)} ${currency}`;
}
