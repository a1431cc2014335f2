import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { ClientDeck } from '../deck/model.ts';
import { readDeckData } from './deck-data.ts';
import { pressed } from './keymap.ts';
import { QUIZ_LIVE_ATTR, QUIZ_REVEAL_EVENT } from '../shared/quiz.ts';
import { onShortcut, overlayOpen } from './shortcuts.ts';
import type { QuizController } from './quiz/controller.ts';
import { READING_CLASS } from './reading-view.ts';

/**
 * Quiz and activity slides (issue 12). This part is loaded with the deck and is tiny: it decides
 * when the real code (quiz/controller.ts and its styles) is needed — a quiz or activity slide on
 * screen or next, the reading view, the live classroom — and loads it then, so a deck whose first
 * slides have no quiz pays nothing before its first slide. Keys 1–9, Enter and T are taken here
 * (before reveal.js) and handed on.
 */
export function Quiz(): RevealPlugin {
  let controller: Promise<QuizController> | undefined;
  let reveal: RevealApi;
  let deck: ClientDeck;
  let unbind = (): void => undefined;
  let observer: MutationObserver | undefined;
  const onReveal = (e: Event): void => {
    if (controller) return;
    const section = e.target as HTMLElement;
    void load().then((c) => c.reveal(section));
  };
  const interactive = (i: number): boolean => !!(deck.slides[i]?.quiz || deck.slides[i]?.activity);
  const load = (): Promise<QuizController> => (controller ??= import('./quiz/controller.ts').then((m) => m.startQuiz(reveal)));
  const loadIfNear = (): void => {
    const h = reveal.getIndices().h;
    if (
      interactive(h) ||
      interactive(h + 1) ||
      document.documentElement.hasAttribute(QUIZ_LIVE_ATTR) ||
      (document.documentElement.classList.contains(READING_CLASS) && deck.slides.some((s) => s.quiz || s.activity))
    ) {
      void load();
    }
  };
  return {
    id: 'quiz',
    init(r: RevealApi) {
      reveal = r;
      // A printout has no buttons to press (print-layout.ts shows answers where asked for).
      if (r.isPrintView()) return;
      deck = readDeckData();
      unbind = onShortcut(
        (e) => {
          // In the overview, Enter picks a slide (reveal.js).
          if (overlayOpen() || reveal.isOverview() || document.documentElement.classList.contains(READING_CLASS)) return false;
          const slide = deck.slides[reveal.getIndices().h];
          if (slide?.quiz) {
            if (pressed(e, 'quizChoose')) return Number(e.key) <= slide.quiz.choices;
            // Enter on a focused button presses that button, as everywhere.
            return pressed(e, 'quizCheck') && !(e.target as Element | null)?.closest?.('button, a, summary');
          }
          return !!slide?.activity && pressed(e, 'activityTimer');
        },
        (e) => void load().then((c) => c.key(e)),
      );
      // `quiz:reveal` from the live classroom before the code is here: load it and pass it on.
      document.addEventListener(QUIZ_REVEAL_EVENT, onReveal, true);
      r.on('ready', loadIfNear);
      r.on('slidechanged', loadIfNear);
      r.on('deckupdate', () => {
        deck = readDeckData();
        loadIfNear();
      });
      observer = new MutationObserver(loadIfNear);
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', QUIZ_LIVE_ATTR] });
    },
    destroy() {
      unbind();
      document.removeEventListener(QUIZ_REVEAL_EVENT, onReveal, true);
      observer?.disconnect();
      void controller?.then((c) => c.destroy());
    },
  };
}
