import type { ClientDeck } from '../../deck/model.ts';
import type { HandoutPerPage } from '../../shared/print.ts';

/**
 * Appendix pages of the A4 handout (answer keys, glossary, …): a feature registers a builder, the
 * handout layout (handout.ts) puts each element it returns on an A4 page of its own after the
 * slide pages (and after the continued notes), with the handout's header and page number.
 * An element must fit one page (A4 minus header and footer: 182 × 255 mm); use several for more.
 *
 *   registerHandoutAppendix(({ deck }) => [glossaryPage(deck)]);
 *
 * Builders run only when a handout is printed, in registration order.
 */
export interface HandoutContext {
  deck: ClientDeck;
  /** Slides per page of this handout. */
  perPage: HandoutPerPage;
}

export type { HandoutPerPage };

export type AppendixBuilder = (ctx: HandoutContext) => HTMLElement[] | Promise<HTMLElement[]>;

const builders: AppendixBuilder[] = [];

export function registerHandoutAppendix(build: AppendixBuilder): void {
  builders.push(build);
}

export async function appendixPages(ctx: HandoutContext): Promise<HTMLElement[]> {
  const pages: HTMLElement[] = [];
  for (const b of builders) pages.push(...(await b(ctx)));
  return pages;
}
