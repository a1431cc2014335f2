import type { ClientDeck } from '../../deck/model.ts';
import { el } from '../dom.ts';
import { fill, phaseAt, setPhaseColors } from './model.ts';

// The bar's drawing parts (segments, label), shared by the live bar and its static print copy.

export interface Track {
  track: HTMLElement;
  segments: HTMLElement[];
  rests: HTMLElement[];
}

export function buildTrack(deck: ClientDeck, doc: Document): Track {
  const track = el('div', 'phase-bar-track', undefined, doc);
  const segments: HTMLElement[] = [];
  const rests: HTMLElement[] = [];
  for (const p of deck.phases) {
    const seg = el('span', 'phase-seg', undefined, doc);
    seg.dataset.phase = p.id;
    // Grow by slide count from a zero basis: widths exactly proportional (CSSOM: allowed by the CSP).
    seg.style.flex = `${p.slideCount} 1 0`;
    const rest = el('span', 'phase-seg-rest', undefined, doc);
    seg.append(rest);
    track.append(seg);
    segments.push(seg);
    rests.push(rest);
  }
  return { track, segments, rests };
}

export function paintTrack(deck: ClientDeck, t: Track, index: number, visited: ReadonlySet<string>): void {
  const current = phaseAt(deck, index);
  deck.phases.forEach((p, i) => {
    const seg = t.segments[i]!;
    seg.toggleAttribute('aria-current', p === current);
    if (p === current) seg.setAttribute('aria-current', 'step');
    seg.toggleAttribute('data-visited', visited.has(p.id));
    t.rests[i]!.style.width = `${(1 - fill(p, index)) * 100}%`;
  });
}

export function buildLabel(doc: Document): { label: HTMLElement; name: HTMLElement; count: HTMLElement } {
  const label = el('div', 'phase-bar-label', undefined, doc);
  label.setAttribute('aria-hidden', 'true');
  const name = el('span', 'phase-bar-name', undefined, doc);
  const count = el('span', 'phase-bar-count', undefined, doc);
  label.append(name, count);
  return { label, name, count };
}

export function paintLabel(deck: ClientDeck, parts: { label: HTMLElement; name: HTMLElement; count: HTMLElement }, index: number): void {
  const p = phaseAt(deck, index);
  setPhaseColors(parts.label, p);
  parts.name.textContent = p.label;
  parts.count.textContent = ` · ${index + 1} / ${deck.slides.length}`;
}
