import { FEEDBACK, MARK, MODEL, RETRY } from './later-text.ts';

/**
 * What appears on a slide after it is fitted: the quiz and activity UI the lazily loaded quiz
 * controller adds (instruction, buttons, countdown, 「解答例」 button) and what answering shows
 * (the hidden explanation or model answer, the feedback line, the ✓/× marks in the choices).
 * Fit grows type to the static content only (the same on screen and in print, where the UI is
 * not drawn), but checks that the slide still fits with all of this shown, so answering never
 * pushes anything off the canvas. Class names are the quiz DOM contract (DESIGN.md, quiz.css).
 */

/** Screen-only UI, children of the section: counted for fitting on the canvas, not for growth. */
const UI = '.quiz-hint, .quiz-controls, .activity-bar, .activity-model';

/**
 * Puts `section` in its tallest state; returns the elements that are not static content and a
 * function that restores the slide exactly.
 */
export function expandLater(section: HTMLElement): { later: Set<Element>; undo: () => void } {
  const later = new Set<Element>(section.querySelectorAll(':scope > :is(' + UI + ')'));
  const undo: Array<() => void> = [];
  // Answered, as quiz/controller.ts marks it (quiz.css then hides the instruction).
  if (section.querySelector('.quiz-choice') && !section.hasAttribute('data-quiz-answered')) {
    section.setAttribute('data-quiz-answered', '');
    undo.push(() => section.removeAttribute('data-quiz-answered'));
  }
  // The UI itself where it is not there (yet): the quiz code loads on demand, and the print view
  // never draws it. A stand-in of the same classes takes its room, so a slide is fitted the same
  // on screen and on paper (print.css hides these classes with !important: inline !important wins).
  const standIn = (el: HTMLElement, where: Element | null, display: string): void => {
    if (!where) return;
    el.style.setProperty('display', display, 'important');
    el.setAttribute('aria-hidden', 'true');
    where.after(el);
    later.add(el);
    undo.push(() => el.remove());
  };
  const make = (tag: string, cls: string, text = ''): HTMLElement => Object.assign(document.createElement(tag), { className: cls, textContent: text });
  if (section.querySelector('.quiz-choice') && !section.querySelector('.quiz-controls')) {
    const controls = make('div', 'quiz-controls');
    controls.append(make('p', 'quiz-feedback', FEEDBACK), make('button', 'quiz-retry', RETRY));
    standIn(controls, section.querySelector(':scope > .quiz-choices'), 'flex');
  }
  if (section.hasAttribute('data-activity') && !section.querySelector('.activity-bar')) {
    const bar = make('div', 'activity-bar');
    bar.append(make('span', 'activity-timer', '0:00'), make('button', 'activity-model', MODEL));
    standIn(bar, section.querySelector(':scope > :is(h1, h2, h3)'), 'flex');
  }
  for (const a of section.querySelectorAll<HTMLElement>(':scope > .deck-answer[hidden]')) {
    a.hidden = false;
    later.add(a);
    undo.push(() => (a.hidden = true));
  }
  for (const b of section.querySelectorAll<HTMLElement>('.quiz-choice')) {
    if (b.querySelector('.quiz-verdict')) continue;
    const mark = document.createElement('span');
    mark.className = 'quiz-verdict';
    mark.textContent = MARK;
    b.append(mark);
    undo.push(() => mark.remove());
  }
  for (const f of section.querySelectorAll<HTMLElement>('.quiz-feedback')) {
    if (f.textContent) continue;
    f.textContent = FEEDBACK;
    undo.push(() => (f.textContent = ''));
  }
  return { later, undo: () => undo.reverse().forEach((u) => u()) };
}

/** Fired by the quiz controller on a deck section after adding its UI: Fit measures it again. */
export const REFIT_EVENT = 'fit:refit';

/**
 * Dispatched on `document` by a view that shows every slide at once (the reading view before it
 * copies them; tests that measure the whole deck): the Fit plugin fits every slide not yet fitted,
 * synchronously when the fonts are in, else as soon as they are. The overview is handled by the
 * plugin itself (reveal.js's `overviewshown`).
 */
export const FIT_ALL_EVENT = 'fit:all';
