import type { ClientDeck } from '../../deck/model.ts';
import { el } from '../dom.ts';
import { quizWords } from './words.ts';
import '../styles/quiz.css';

/**
 * Quiz and activity slides on paper (called by print-layout.ts).
 *   slides.pdf            questions and choices, no answer (the answer blocks stay `hidden`);
 *   handout.pdf           an answer box on each question's page, and at the end an answer key
 *                         「解答と解説」 naming each question's page;
 *   `?answers=inline`     (npm run pdf -- --answers inline, the teacher's copy): the correct
 *                         choices marked and the explanations under each question instead.
 */

export function answersInline(): boolean {
  return new URLSearchParams(location.search).get('answers') === 'inline';
}

const correctText = (section: Element | undefined, correct: number[]): string =>
  correct.map((c) => `${c + 1}「${section?.querySelector(`[data-choice="${c}"] .quiz-text`)?.textContent?.trim() ?? ''}」`).join('、');

/** Slides pages: with inline answers, mark the correct choices and show every answer block. */
export function printQuizSlides(deck: ClientDeck, sections: HTMLElement[], pages: number[]): void {
  if (!answersInline()) return;
  const w = quizWords(deck.meta.lang);
  sections.forEach((section, p) => {
    const q = deck.slides[pages[p]!]?.quiz;
    section.querySelectorAll<HTMLElement>('.deck-answer').forEach((a) => (a.hidden = false));
    if (!q) return;
    section.querySelectorAll<HTMLElement>('.quiz-choice').forEach((b) => {
      if (!q.correct.includes(Number(b.dataset.choice))) return;
      b.dataset.verdict = 'correct';
      const mark = document.createElement('span');
      mark.className = 'quiz-verdict';
      mark.textContent = `✓ ${w.correctMark}`;
      b.append(mark);
    });
  });
}

/**
 * Handout: an answer box at the top of each question page's notes and, unless the answers are
 * inline, the answer key after the last slide page (it may run over several A4 pages). Returns
 * whether pages were added after the slides. `perPage`: slides per handout page (page numbers).
 */
export function printQuizHandout(deck: ClientDeck, pages: number[], perPage = 1): boolean {
  const w = quizWords(deck.meta.lang);
  const inline = answersInline();
  const pageEls = [...document.querySelectorAll<HTMLElement>('.reveal .slides > .pdf-page')].filter((p) => !p.classList.contains('answer-key-page'));
  pageEls.forEach((pageEl, p) => {
    const q = deck.slides[pages[p]!]?.quiz;
    const notes = pageEl.querySelector('.handout-notes');
    if (!q || inline || !notes || notes.querySelector('.handout-answer-box')) return;
    const box = el('div', 'handout-answer-box');
    const choices = Array.from({ length: q.choices }, (_, c) => String(c + 1)).join('   ');
    box.append(el('span', 'handout-answer-label', w.answerBox), el('span', 'handout-answer-choices', choices));
    notes.classList.remove('is-empty');
    notes.prepend(box);
  });
  const sectionOf = (index: number): HTMLElement | undefined => pageEls[pages.indexOf(index)]?.querySelector<HTMLElement>('section') ?? undefined;
  const entries = deck.slides.filter((s) => s.quiz || (s.activity && sectionOf(s.index)?.querySelector('.activity-answer')));
  if (inline || entries.length === 0 || document.querySelector('.answer-key-page')) return false;
  const page = el('div', 'pdf-page answer-key-page');
  const key = el('div', 'answer-key');
  key.append(el('h2', '', w.answerKey));
  for (const s of entries) {
    const section = sectionOf(s.index);
    const at = pages.indexOf(s.index);
    const item = el('div', 'answer-key-item');
    item.append(
      // The handout page the question is on (perPage slides a page: handout/handout.ts).
      el('h3', '', `${at >= 0 ? `${w.page(Math.floor(at / perPage) + 1)}  ` : ''}${s.title}`),
      el('p', 'answer-key-correct', s.quiz ? `${w.speakerAnswer}: ${correctText(section, s.quiz.correct)}` : w.modelAnswer),
    );
    const block = section?.querySelector('.deck-answer');
    if (block) {
      const copy = el('div', 'answer-key-text');
      copy.append(...Array.from(block.childNodes, (n) => n.cloneNode(true)));
      item.append(copy);
    }
    key.append(item);
  }
  page.append(key);
  document.querySelector('.reveal .slides')!.append(page);
  return true;
}
