import type { ClientDeck, Phase } from '../../deck/model.ts';

// Which phase a slide is in, and how the bar describes it: used by the bar, its print copy and the speaker view.

export function phaseAt(deck: ClientDeck, index: number): Phase {
  const phase = deck.phases.find((p) => index >= p.firstSlide && index < p.firstSlide + p.slideCount) ?? deck.phases[0];
  if (!phase) throw new Error('the deck has no phases');
  return phase;
}

/** "②冷戦後 · 12 / 34": the same wording in every language (it only holds the label and numbers). */
export function barText(deck: ClientDeck, index: number): string {
  return `${phaseAt(deck, index).label} · ${index + 1} / ${deck.slides.length}`;
}

/** How much of a phase's segment is filled when slide `index` is shown: 1 behind, 0 ahead. */
export function fill(p: Phase, index: number): number {
  return Math.min(1, Math.max(0, (index + 1 - p.firstSlide) / p.slideCount));
}

/** The phase's colors as custom properties, for elements that carry no data-phase of their own. */
export function setPhaseColors(e: HTMLElement, p: Phase): void {
  e.style.setProperty('--phase-color', p.color);
  e.style.setProperty('--phase-ink', p.ink);
  e.style.setProperty('--phase-text', p.accentText);
}
