// Debian's Chromium driven by playwright-core (never a downloaded browser), the front ends
// built once per run when their sources are newer than the bundles, and axe-core checks.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildFrontEndsUnderLock } from '../../support/front-ends.js';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = new URL('../../../', import.meta.url).pathname;
const require = createRequire(import.meta.url);

export const chromiumPath = process.env.KANAVA_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the front ends whose bundles are missing or older than their sources. */
export function ensureFrontEndsBuilt(): void {
  const bundles = [
    { source: join(root, 'src', 'widget'), output: join(root, 'dist', 'widget', 'kanava-widget.js') },
    { source: join(root, 'src', 'web'), output: join(root, 'dist', 'web', 'index.html') },
  ];
  const stale = bundles.some(
    (b) =>
      existsSync(b.source) &&
      (!existsSync(b.output) || statSync(b.output).mtimeMs < Math.max(newestMtime(b.source), newestMtime(join(root, 'src', 'i18n')))),
  );
  if (!stale) return;
  buildFrontEndsUnderLock();
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Records every Content-Security-Policy violation on the context's pages (Chromium reports each
 * in the console; the securitypolicyviolation event is logged there too, for those it does not).
 * Call before opening pages; the returned list fills as violations happen.
 */
export async function recordCspViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => console.error(`Content Security Policy violation event: ${e.violatedDirective} ${e.blockedURI}`),
      true,
    );
  });
  return violations;
}

const axeSource = () => readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page (shadow DOM included); returns serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated, not added as an inline <script>: our pages' Content-Security-Policy refuses those.
  await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: AxeViolation[] }> } }
    ).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`).join('\n');
}

/** Fails with the list of violations when axe finds any serious or critical one on the page. */
export async function assertAxeClean(page: Page, screen: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  if (violations.length > 0) throw new Error(`axe on ${screen}:\n${describeViolations(violations)}`);
}
