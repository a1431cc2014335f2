import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { ClientDeck } from '../deck/model.ts';
import { readDeckData } from './deck-data.ts';
import { el, slideFromHash } from './dom.ts';
import { strings } from './i18n.ts';
import { barText, phaseAt, setPhaseColors } from './phase-bar/model.ts';
import { addPrintBars } from './phase-bar/print-bar.ts';
import { buildLabel, buildTrack, paintLabel, paintTrack } from './phase-bar/track.ts';
import { progressStore } from './resume/store.ts';
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

// The plugin; the phase helpers (phase-bar/model.ts), the drawing (phase-bar/track.ts) and the
// print copy (phase-bar/print-bar.ts) live beside it.

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
