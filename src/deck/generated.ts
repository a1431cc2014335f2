import { escapeHtml } from './html.ts';
import type { DeckYaml, PhaseYaml } from './schema.ts';

/** HTML of the slides the compiler generates from deck.yaml: the title slide and phase dividers. */
export function renderGeneratedSlide(opts: { kind: 'title' | 'divider'; meta: DeckYaml; phase: PhaseYaml }): string {
  const { meta, phase } = opts;
  if (opts.kind === 'title') {
    return [
      `<h1 class="deck-title">${escapeHtml(meta.title)}</h1>`,
      meta.subtitle ? `<p class="deck-subtitle">${escapeHtml(meta.subtitle)}</p>` : '',
      meta.asOf ? `<p class="deck-asof">${escapeHtml(meta.asOf)}</p>` : '',
      meta.author ? `<p class="deck-author">${escapeHtml(meta.author)}</p>` : '',
    ].join('');
  }
  const n = meta.phases.indexOf(phase) + 1;
  return [
    `<p class="divider-step">${n} / ${meta.phases.length}</p>`,
    `<h2 class="divider-title">${escapeHtml(phase.label)}</h2>`,
    phase.summary ? `<p class="divider-summary">${escapeHtml(phase.summary)}</p>` : '',
  ].join('');
}
