import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { ClientDeck, Phase } from '../deck/model.ts';
import { readDeckData } from './deck-data.ts';
import { el, slideFromHash } from './dom.ts';
import { strings } from './i18n.ts';
import { progressStore } from './resume.ts';
import './styles/phase-bar.css';

/**
 * The phase-colored progress bar: one segment per phase (width ∝ its slide count, its color),
 * filled up to the current slide, the current phase named on a chip. Structure, so that the ARIA
 * contract of DESIGN.md holds and axe stays clean (a progressbar's children are presentational,
 * so buttons must not live inside it):
 *
 *   .phase-bar
 *     .phase-bar-label            "②冷戦後 · 12 / 34" (aria-hidden: the progressbar says it)
 *     .phase-bar-rail
 *       [role=progressbar]        aria-valuenow/-max/-text; one span[data-phase] per phase,
 *                                 the current one aria-current="step", seen ones data-visited
 *       nav > button[data-jump]   transparent buttons over the segments: click/tap/keyboard jump
 *     .phase-bar-tools            slot for other plugins' buttons (help)
 */

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
function fill(p: Phase, index: number): number {
  return Math.min(1, Math.max(0, (index + 1 - p.firstSlide) / p.slideCount));
}

/** The phase's colors as custom properties, for elements that carry no data-phase of their own. */
function setPhaseColors(e: HTMLElement, p: Phase): void {
  e.style.setProperty('--phase-color', p.color);
  e.style.setProperty('--phase-ink', p.ink);
  e.style.setProperty('--phase-text', p.accentText);
}

interface Track {
  track: HTMLElement;
  segments: HTMLElement[];
  rests: HTMLElement[];
}

function buildTrack(deck: ClientDeck, doc: Document): Track {
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

function paintTrack(deck: ClientDeck, t: Track, index: number, visited: ReadonlySet<string>): void {
  const current = phaseAt(deck, index);
  deck.phases.forEach((p, i) => {
    const seg = t.segments[i]!;
    seg.toggleAttribute('aria-current', p === current);
    if (p === current) seg.setAttribute('aria-current', 'step');
    seg.toggleAttribute('data-visited', visited.has(p.id));
    t.rests[i]!.style.width = `${(1 - fill(p, index)) * 100}%`;
  });
}

function buildLabel(doc: Document): { label: HTMLElement; name: HTMLElement; count: HTMLElement } {
  const label = el('div', 'phase-bar-label', undefined, doc);
  label.setAttribute('aria-hidden', 'true');
  const name = el('span', 'phase-bar-name', undefined, doc);
  const count = el('span', 'phase-bar-count', undefined, doc);
  label.append(name, count);
  return { label, name, count };
}

function paintLabel(deck: ClientDeck, parts: { label: HTMLElement; name: HTMLElement; count: HTMLElement }, index: number): void {
  const p = phaseAt(deck, index);
  setPhaseColors(parts.label, p);
  parts.name.textContent = p.label;
  parts.count.textContent = ` · ${index + 1} / ${deck.slides.length}`;
}

/**
 * The bar as it looks on slide `index`, static (no buttons, no progressbar role: an image with a
 * text alternative), for print: each PDF page shows the bar in its own slide's state.
 */
export function renderStaticBar(deck: ClientDeck, index: number, doc: Document = document, visited: ReadonlySet<string> = new Set()): HTMLElement {
  const bar = el('div', 'phase-bar phase-bar-static', undefined, doc);
  bar.setAttribute('role', 'img');
  bar.setAttribute('aria-label', barText(deck, index));
  const parts = buildLabel(doc);
  paintLabel(deck, parts, index);
  const rail = el('div', 'phase-bar-rail', undefined, doc);
  const t = buildTrack(deck, doc);
  paintTrack(deck, t, index, visited);
  rail.append(t.track);
  bar.append(parts.label, rail);
  return bar;
}

/**
 * Print view: puts a static bar into every `.pdf-page` for the slide on that page (fragment
 * copies of a page included). Idempotent: pages that already hold a bar are left alone, so the
 * PDF export may call it too.
 */
export function addPrintBars(deck: ClientDeck, root: ParentNode = document): void {
  const bySource = new Map(deck.slides.map((s) => [s.source, s.index]));
  for (const page of root.querySelectorAll<HTMLElement>('.pdf-page')) {
    if (page.querySelector(':scope > .phase-bar-static')) continue;
    const source = page.querySelector('section[data-source]')?.getAttribute('data-source');
    const index = source === null || source === undefined ? undefined : bySource.get(source);
    if (index === undefined) continue;
    page.append(renderStaticBar(deck, index, page.ownerDocument));
  }
}

export interface PhaseBarOptions {
  /** Segment buttons (off in the speaker view's previews, which are not operable). */
  interactive?: boolean;
  /** Remember visited phases in the resume storage (off in previews). */
  persist?: boolean;
}

interface LiveBar {
  root: HTMLElement;
  paint(index: number): void;
}

function mountLiveBar(reveal: RevealApi, deck: ClientDeck, root: HTMLElement, visited: ReadonlySet<string>, interactive: boolean): LiveBar {
  const t = strings(deck.meta.lang);
  root.querySelector('.phase-bar-label')?.remove();
  root.querySelector('.phase-bar-rail')?.remove();
  const labelParts = buildLabel(document);
  const rail = el('div', 'phase-bar-rail');
  const track = buildTrack(deck, document);
  const bar = track.track;
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-label', t.progress);
  bar.setAttribute('aria-valuemin', '1');
  bar.setAttribute('aria-valuemax', String(deck.slides.length));
  rail.append(bar);
  const buttons: HTMLButtonElement[] = [];
  if (interactive) {
    const nav = el('nav', 'phase-bar-nav');
    nav.setAttribute('aria-label', t.phases);
    for (const p of deck.phases) {
      const b = el('button', 'phase-jump');
      b.type = 'button';
      b.dataset.jump = p.id;
      b.style.flex = `${p.slideCount} 1 0`;
      setPhaseColors(b, p);
      b.addEventListener('click', () => {
        // The bar is outside reveal.js's element: leave focus on the button, and jump.
        reveal.slide(p.firstSlide, 0, -1);
      });
      nav.append(b);
      buttons.push(b);
    }
    rail.append(nav);
  }
  root.prepend(labelParts.label, rail);
  return {
    root,
    paint(index) {
      const text = barText(deck, index);
      bar.setAttribute('aria-valuenow', String(index + 1));
      bar.setAttribute('aria-valuetext', text);
      paintTrack(deck, track, index, visited);
      paintLabel(deck, labelParts, index);
      deck.phases.forEach((p, i) => {
        const b = buttons[i];
        if (!b) return;
        const seen = visited.has(p.id);
        b.toggleAttribute('data-visited', seen);
        b.setAttribute('aria-label', t.jumpTo(p.label, p.firstSlide + 1, p.firstSlide + p.slideCount) + (seen ? ` · ${t.visited}` : ''));
      });
    },
  };
}

/** Index in the URL (`#/N`) before reveal.js has read it, so the first paint is already right. */
function indexFromHash(total: number): number {
  const n = slideFromHash() ?? 0;
  return Math.min(Math.max(n, 0), Math.max(total - 1, 0));
}

export function PhaseBar(options: PhaseBarOptions = {}): RevealPlugin {
  const { interactive = true, persist = true } = options;
  return {
    id: 'phase-bar',
    init(reveal: RevealApi) {
      let deck = readDeckData();
      if (reveal.isPrintView()) {
        reveal.on('pdf-ready', () => addPrintBars(readDeckData(), reveal.getRevealElement() ?? document));
        return;
      }
      const store = persist ? progressStore(deck) : undefined;
      const visited = new Set(store?.read().visited ?? []);
      const root = el('div', 'phase-bar');
      // A landmark: everything on the page sits in one (the slides are in reveal.js's). Not in
      // the speaker view's two previews, whose landmarks would be duplicates of each other.
      if (interactive) {
        root.setAttribute('role', 'region');
        root.setAttribute('aria-label', strings(deck.meta.lang).bar);
      }
      document.body.append(root);
      document.documentElement.classList.add('has-phase-bar');
      let bar = mountLiveBar(reveal, deck, root, visited, interactive);
      const update = (index: number): void => {
        const id = phaseAt(deck, index).id;
        if (!visited.has(id)) {
          visited.add(id);
          store?.write({ visited: [...visited] });
        }
        bar.paint(index);
      };
      update(indexFromHash(deck.slides.length));
      reveal.on('ready', () => update(reveal.getIndices().h));
      // Fragments fire fragmentshown/-hidden, not slidechanged: they never move the bar.
      reveal.on('slidechanged', () => update(reveal.getIndices().h));
      reveal.on('deckupdate', () => {
        deck = readDeckData();
        for (const id of [...visited]) if (!deck.phases.some((p) => p.id === id)) visited.delete(id);
        bar = mountLiveBar(reveal, deck, root, visited, interactive);
        update(reveal.getIndices().h);
      });
    },
  };
}
