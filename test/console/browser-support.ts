/**
 * Chromium for the console's tests: Debian's /usr/bin/chromium driven by playwright-core (no
 * browser is downloaded), headless with the flags that keep it off the network, and a page that
 * records every error the browser's console reports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Git-ignored: each view's picture, for a person to look at after the run. */
export const SCREENSHOTS = path.join(__dirname, '..', '..', 'screenshots', 'console');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface ConsolePage {
  page: Page;
  /** Errors the page logged (a resource that failed to load among them) or threw. */
  errors: string[];
}

export async function openPage(browser: Browser): Promise<ConsolePage> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** What the picture says about a state: its `data-status`. */
export async function statusOf(page: Page, state: string): Promise<string | null> {
  return page.getAttribute(`g.state[data-state=${JSON.stringify(state)}]`, 'data-status');
}

/** Every state name in a definition, inside Parallel branches and Map processors too. */
export function stateNames(definition: { States: Record<string, any> }): string[] {
  return Object.entries(definition.States).flatMap(([name, state]) => [
    name,
    ...[state.ItemProcessor ?? state.Iterator, ...(state.Branches ?? [])].filter(Boolean).flatMap((inner) => stateNames(inner)),
  ]);
}
