/**
 * The simulated carriers: each takes parcels up to its weight limit; nobody takes more than
 * 30 000 g (docs/design.md), which makes such a parcel undeliverable.
 */
const CARRIERS: readonly { name: string; maxGrams: number }[] = [
  { name: 'SwiftPost', maxGrams: 5_000 },
  { name: 'HeavyHaul Freight', maxGrams: 30_000 },
];

/** The carrier for a parcel of this weight, or undefined when none takes it. */
export function carrierFor(weightGrams: number): string | undefined {
  return CARRIERS.find(({ maxGrams }) => weightGrams <= maxGrams)?.name;
}
