import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** WCAG 2.1 A and AA, the rules the project's a11y checks hold the deck to. */
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core's violations on `page`, limited to the `include` selectors (the whole page when none)
 * and, unless `tags` is null, to WCAG 2.1 A/AA. axe is put into the page once (page.evaluate is not
 * subject to the page's CSP) and then only run: @axe-core/playwright's AxeBuilder injected its
 * ~500 KB source again on every call, which was most of the a11y tests' time.
 */
export async function axeViolations(page: Page, include: string[] = [], tags: string[] | null = WCAG): Promise<axe.Result[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const result = await page.evaluate(
    ([sel, only]) => {
      const a = (window as unknown as { axe: typeof axe }).axe;
      return a.run(sel.length ? { include: sel.map((s) => [s]) } : document, {
        resultTypes: ['violations'],
        ...(only ? { runOnly: { type: 'tag' as const, values: only } } : {}),
      });
    },
    [include, tags] as const,
  );
  return result.violations;
}
