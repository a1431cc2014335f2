// Over 250 lines: quiz and activity slides share the choice, answer and storage handling of one reveal.js controller.
import { REFIT_EVENT } from '../fit/later.ts';
import type { RevealApi } from 'reveal.js';
import type { ClientDeck } from '../../deck/model.ts';
import { readDeckData } from '../deck-data.ts';
import { progressStore, type ProgressStore, type QuizRecord } from '../resume/store.ts';
import { chime, onTimerChange, readTimer, renderTimerBar, resetTimer, timerBar, toggleTimer } from './timer.ts';
import { quizWords } from './words.ts';
import { QUIZ_ANSWER_EVENT, QUIZ_LIVE_ATTR, QUIZ_REVEAL_EVENT, type QuizAnswerDetail } from '../../shared/quiz.ts';
import '../styles/quiz.css';

/**
 * Quiz and activity slides in the browser (loaded by ../quiz.ts when a quiz or activity slide is
 * near, or the reading view opens). The compiler rendered the choices as `<button data-choice>`
 * and the explanation as a hidden `.quiz-answer`; the correct choices come from the model
 * (deck-data), not the page. This adds the controls and the behaviour:
 *
 *   - one correct choice: choosing shows right/wrong at once; several: choices toggle and
 *     「答え合わせ」 checks (all correct and no wrong one = correct); 「もう一度」 resets;
 *   - `data-quiz-result` on the section, the correct choice(s) marked in words (not color only),
 *     the explanation shown, the result announced (aria-live), kept in localStorage;
 *   - live classroom (`<html data-quiz-live>`): choosing only marks `aria-pressed`, `quiz:answer`
 *     reports it, `quiz:reveal` on the section shows the answer;
 *   - activity slides: the countdown (timer.ts) and the model answer behind 「解答例を見る」;
 *   - the reading view: the same slides work in its copies, with a score line after each phase
 *     and a list of the slides to review at the end.
 *
 * Everything is delegated from `document` and drawn from state for every copy of a slide (the
 * reading view clones slides, without their listeners).
 */

export interface QuizController {
  /** A shortcut key on the current slide (1–9, Enter, T), forwarded by ../quiz.ts. */
  key(e: KeyboardEvent): void;
  /** `quiz:reveal` that arrived before this module had loaded. */
  reveal(section: HTMLElement): void;
  /** Takes every listener, observer and timer away (Reveal.destroy()). */
  destroy(): void;
}

type Result = 'correct' | 'wrong';

const LIVE_ATTR = QUIZ_LIVE_ATTR;
const live = (): boolean => document.documentElement.hasAttribute(LIVE_ATTR);

/** Same elements, same answers: all correct ones chosen and no other. */
export function grade(selected: number[], correct: number[]): Result {
  const s = new Set(selected);
  return s.size === correct.length && correct.every((c) => s.has(c)) ? 'correct' : 'wrong';
}

export function startQuiz(reveal: RevealApi): QuizController {
  let deck: ClientDeck = readDeckData();
  let w = quizWords(deck.meta.lang);
  const store: ProgressStore = progressStore(deck);
  const state = new Map<number, QuizRecord>();
  /** Explanations opened with the reading view's disclosure, and activity model answers shown. */
  const opened = new Set<number>();

  const restore = (): void => {
    state.clear();
    for (const [k, rec] of Object.entries(store.read().quiz ?? {})) {
      const i = Number(k);
      const q = deck.slides[i]?.quiz;
      // A record of an edited deck whose slide is no longer the same quiz is dropped.
      if (!q || !Array.isArray(rec.selected) || rec.selected.some((c) => !(c >= 0 && c < q.choices))) continue;
      state.set(i, { selected: [...rec.selected], ...(rec.result ? { result: rec.result } : {}) });
    }
  };
  const save = (): void => {
    const out: Record<string, QuizRecord> = {};
    for (const [i, rec] of state) if (rec.result) out[i] = { selected: rec.selected, result: rec.result };
    store.write({ quiz: out });
  };

  const announcer = document.createElement('div');
  announcer.className = 'quiz-announcer';
  announcer.setAttribute('role', 'status');
  document.body.append(announcer);
  const announce = (text: string): void => {
    // Cleared first, so the same words twice in a row are read twice.
    announcer.textContent = '';
    setTimeout(() => (announcer.textContent = text), 50);
  };

  /** Slide index of a section: its place in the deck, or the reading view copy's item. */
  const indexOf = (section: HTMLElement): number => {
    const item = section.closest<HTMLElement>('.reading-item');
    return item ? Number(item.dataset.index) : reveal.getSlides().indexOf(section);
  };
  /** Every copy of slide `i` in the page (the deck's section, the reading view's copy). */
  const copies = (i: number): HTMLElement[] => {
    const own = reveal.getSlides()[i];
    return [...(own ? [own] : []), ...document.querySelectorAll<HTMLElement>(`.reading-item[data-index="${i}"] section`)];
  };
  const choiceText = (section: HTMLElement, c: number): string =>
    section.querySelector(`[data-choice="${c}"] .quiz-text`)?.textContent?.trim() ?? String(c + 1);
  const answerText = (section: HTMLElement, i: number): string =>
    (deck.slides[i]?.quiz?.correct ?? []).map((c) => `${c + 1}「${choiceText(section, c)}」`).join('、');

  const button = (cls: string, action: string, text: string): HTMLButtonElement => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = cls;
    b.dataset.quizAction = action;
    b.textContent = text;
    return b;
  };

  /** Adds the controls the compiler cannot know (words in the UI language, timer). Idempotent. */
  const enhance = (section: HTMLElement, i: number): void => {
    const slide = deck.slides[i];
    const added = (!!slide?.quiz && !section.querySelector('.quiz-controls')) || (!!slide?.activity && !section.querySelector('.activity-bar'));
    if (slide?.quiz && !section.querySelector('.quiz-controls')) {
      const multi = slide.quiz.correct.length > 1;
      const list = section.querySelector('.quiz-choices');
      const controls = document.createElement('div');
      controls.className = 'quiz-controls';
      const hint = document.createElement('p');
      hint.className = 'quiz-hint';
      hint.textContent = multi ? w.chooseAll : w.chooseOne;
      const feedback = document.createElement('p');
      feedback.className = 'quiz-feedback';
      controls.append(
        feedback,
        ...(multi ? [button('quiz-check', 'check', w.check)] : []),
        button('quiz-retry', 'retry', w.retry),
        button('quiz-disclose', 'disclose', w.showAnswer),
      );
      section.dataset.quizMode = multi ? 'multiple' : 'single';
      list?.before(hint);
      list?.after(controls);
    }
    if (slide?.activity && !section.querySelector('.activity-bar')) {
      const bar = timerBar(deck, i);
      const model = section.querySelector('.activity-answer');
      const heading = section.querySelector('h1, h2, h3');
      (heading ?? section.firstElementChild)?.after(bar);
      // In the timer's row (not a row of its own above the answer): the model answer then fits
      // on the canvas at body size without Fit shrinking the rest of the slide.
      if (model) bar.append(button('activity-model', 'model', w.showModel));
    }
    // Fit (fit/plugin.ts) measured this slide without the UI: it must fit with it.
    if (added) section.dispatchEvent(new CustomEvent(REFIT_EVENT, { bubbles: true }));
  };

  const renderSlide = (i: number): void => {
    const slide = deck.slides[i];
    if (!slide) return;
    for (const section of copies(i)) {
      enhance(section, i);
      if (slide.quiz) renderQuiz(section, i, slide.quiz.correct);
      if (slide.activity) {
        const model = section.querySelector<HTMLElement>('.activity-answer');
        const toggle = section.querySelector<HTMLElement>('.activity-model');
        if (model) model.hidden = !opened.has(i);
        if (toggle) {
          toggle.textContent = opened.has(i) ? w.hideModel : w.showModel;
          toggle.setAttribute('aria-expanded', String(opened.has(i)));
        }
        section.querySelectorAll<HTMLElement>('.activity-bar').forEach((b) => renderTimerBar(deck, b));
      }
    }
  };

  const renderQuiz = (section: HTMLElement, i: number, correct: number[]): void => {
    const rec = state.get(i) ?? { selected: [] };
    const shown = !!rec.result || !!rec.revealed;
    const isLive = live();
    section.toggleAttribute('data-quiz-answered', shown);
    if (rec.result) section.dataset.quizResult = rec.result;
    else delete section.dataset.quizResult;
    section.querySelectorAll<HTMLButtonElement>('.quiz-choice').forEach((b) => {
      const c = Number(b.dataset.choice);
      const chosen = rec.selected.includes(c);
      const right = correct.includes(c);
      b.setAttribute('aria-pressed', String(chosen));
      // Still focusable after the answer (so the marks are read), but no longer a choice.
      if (shown) b.setAttribute('aria-disabled', 'true');
      else b.removeAttribute('aria-disabled');
      const verdict = shown && right ? 'correct' : shown && chosen ? 'wrong' : '';
      if (verdict) b.dataset.verdict = verdict;
      else delete b.dataset.verdict;
      let mark = b.querySelector('.quiz-verdict');
      if (verdict) {
        mark ??= b.appendChild(Object.assign(document.createElement('span'), { className: 'quiz-verdict' }));
        mark.textContent = verdict === 'correct' ? `✓ ${w.correctMark}` : `× ${w.yourChoice}`;
      } else mark?.remove();
    });
    const answer = section.querySelector<HTMLElement>('.quiz-answer');
    if (answer) answer.hidden = !(shown || opened.has(i));
    const check = section.querySelector<HTMLElement>('.quiz-check');
    if (check) check.hidden = shown || isLive;
    const retry = section.querySelector<HTMLElement>('.quiz-retry');
    if (retry) retry.hidden = !rec.result || isLive;
    const disclose = section.querySelector<HTMLElement>('.quiz-disclose');
    if (disclose) {
      disclose.hidden = shown || !answer;
      disclose.textContent = opened.has(i) ? w.hideAnswer : w.showAnswer;
      disclose.setAttribute('aria-expanded', String(opened.has(i)));
    }
    const feedback = section.querySelector<HTMLElement>('.quiz-feedback');
    if (feedback) {
      feedback.textContent = rec.result === 'correct' ? `✓ ${w.correct}` : rec.result === 'wrong' ? `× ${w.wrong}` : '';
      feedback.dataset.result = rec.result ?? '';
    }
  };

  const dispatchAnswer = (section: HTMLElement, i: number, selected: number[]): void => {
    const detail: QuizAnswerDetail = { index: i, selected: [...selected] };
    section.dispatchEvent(new CustomEvent(QUIZ_ANSWER_EVENT, { bubbles: true, detail }));
  };

  const finish = (section: HTMLElement, i: number): void => {
    const q = deck.slides[i]!.quiz!;
    const rec = state.get(i)!;
    rec.result = grade(rec.selected, q.correct);
    save();
    renderSlide(i);
    renderReading();
    announce(rec.result === 'correct' ? w.announceCorrect : w.announceWrong(answerText(section, i)));
    dispatchAnswer(section, i, rec.selected);
  };

  const choose = (section: HTMLElement, i: number, c: number): void => {
    const q = deck.slides[i]?.quiz;
    if (!q || c < 0 || c >= q.choices) return;
    const rec = state.get(i) ?? { selected: [] };
    if (rec.result || rec.revealed) return;
    state.set(i, rec);
    const multi = q.correct.length > 1;
    if (multi) rec.selected = rec.selected.includes(c) ? rec.selected.filter((x) => x !== c) : [...rec.selected, c].sort((a, b) => a - b);
    else rec.selected = [c];
    if (live()) {
      renderSlide(i);
      dispatchAnswer(section, i, rec.selected);
    } else if (multi) renderSlide(i);
    else finish(section, i);
  };

  const check = (section: HTMLElement, i: number): void => {
    const rec = state.get(i);
    if (!deck.slides[i]?.quiz || live() || rec?.result) return;
    if (!rec || rec.selected.length === 0) {
      announce(w.chooseAll);
      return;
    }
    finish(section, i);
  };

  const retry = (i: number): void => {
    state.delete(i);
    save();
    renderSlide(i);
    renderReading();
    // The button that had focus is hidden now: focus 「答え合わせ」 (so Enter checks, as before)
    // or, with one correct choice, the first choice.
    const section = copies(i).find((s) => s.contains(document.activeElement)) ?? copies(i)[0];
    (section?.querySelector<HTMLElement>('.quiz-check') ?? section?.querySelector<HTMLElement>('.quiz-choice'))?.focus();
  };

  const revealAnswer = (section: HTMLElement): void => {
    const i = indexOf(section);
    const q = deck.slides[i]?.quiz;
    if (!q) return;
    const rec = state.get(i) ?? { selected: [] };
    state.set(i, rec);
    rec.revealed = true;
    if (rec.selected.length > 0) rec.result = grade(rec.selected, q.correct);
    renderSlide(i);
    renderReading();
    announce(rec.result === 'correct' ? w.announceCorrect : rec.result === 'wrong' ? w.announceWrong(answerText(section, i)) : w.announceRevealed(answerText(section, i)));
  };

  const onClick = (e: MouseEvent): void => {
    const target = (e.target as Element | null)?.closest<HTMLElement>('[data-choice], [data-quiz-action]');
    const section = target?.closest<HTMLElement>('section');
    if (!target || !section) return;
    const i = indexOf(section);
    if (i < 0) return;
    const action = target.dataset.quizAction;
    if (target.dataset.choice !== undefined && section.hasAttribute('data-quiz')) choose(section, i, Number(target.dataset.choice));
    else if (action === 'check') check(section, i);
    else if (action === 'retry') retry(i);
    else if (action === 'disclose' || action === 'model') {
      if (opened.has(i)) opened.delete(i);
      else opened.add(i);
      renderSlide(i);
    } else if (action === 'timer') toggleTimer(deck, i);
    else if (action === 'timer-reset') resetTimer(deck, i);
  };
  const onReveal = (e: Event): void => revealAnswer(e.target as HTMLElement);
  document.addEventListener('click', onClick);
  document.addEventListener(QUIZ_REVEAL_EVENT, onReveal, true);

  // The countdown: drawn from the shared state (this window, the speaker window) several times a
  // second while it runs; a gentle signal once when it reaches zero.
  let tick = 0;
  let lastPhase = '';
  const renderTimers = (): void => {
    const s = readTimer(deck);
    document.querySelectorAll<HTMLElement>('.activity-bar').forEach((b) => {
      const phase = renderTimerBar(deck, b);
      b.closest('section')?.classList.toggle('activity-done', phase === 'done');
    });
    const phase = s ? `${s.index}:${s.running && s.endsAt > Date.now() ? 'running' : s.running ? 'done' : 'paused'}` : '';
    if (phase.endsWith(':done') && lastPhase.endsWith(':running') && phase.split(':')[0] === lastPhase.split(':')[0]) {
      announce(w.timerDone);
      chime();
    }
    lastPhase = phase;
    const running = !!s?.running && s.endsAt > Date.now();
    if (running && !tick) tick = window.setInterval(renderTimers, 250);
    else if (!running && tick) {
      clearInterval(tick);
      tick = 0;
    }
  };
  const offTimer = onTimerChange(deck, renderTimers);

  // The reading view: its copies were cloned from the enhanced slides; draw their state, and the
  // score lines, whenever it (re)appears.
  const renderReading = (): void => {
    const main = document.querySelector<HTMLElement>('main.reading');
    if (!main) return;
    const quizzes = deck.slides.filter((s) => s.quiz);
    if (quizzes.length === 0) return;
    for (const p of deck.phases) {
      const own = quizzes.filter((s) => s.phase === p.id);
      const last = main.querySelector<HTMLElement>(`.reading-item[data-index="${p.firstSlide + p.slideCount - 1}"]`);
      if (own.length === 0 || !last) continue;
      let line = last.querySelector<HTMLElement>('.quiz-phase-score');
      if (!line) {
        line = document.createElement('p');
        line.className = 'quiz-phase-score';
        last.append(line);
      }
      const ok = own.filter((s) => state.get(s.index)?.result === 'correct').length;
      line.dataset.phase = p.id;
      line.textContent = w.phaseScore(ok, own.length);
    }
    let review = main.querySelector<HTMLElement>('.quiz-review');
    if (!review) {
      review = document.createElement('section');
      review.className = 'quiz-review';
      review.setAttribute('aria-labelledby', 'quiz-review-title');
      main.append(review);
    }
    const title = document.createElement('h2');
    title.id = 'quiz-review-title';
    title.textContent = w.reviewTitle;
    const todo = quizzes.filter((s) => state.get(s.index)?.result !== 'correct');
    if (todo.length === 0) {
      const p = document.createElement('p');
      p.textContent = w.reviewNone;
      review.replaceChildren(title, p);
      return;
    }
    const list = document.createElement('ul');
    for (const s of todo) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `#/${s.index}`;
      a.textContent = `${s.index + 1}. ${s.title}`;
      li.append(a, ` (${state.get(s.index)?.result === 'wrong' ? w.reviewWrong : w.reviewUnanswered})`);
      list.append(li);
    }
    review.replaceChildren(title, list);
  };

  const renderAll = (): void => {
    deck.slides.forEach((s) => {
      if (s.quiz || s.activity) renderSlide(s.index);
    });
    renderReading();
    renderTimers();
  };
  const readingObserver = new MutationObserver((records) => {
    if (records.some((r) => [...r.addedNodes].some((n) => n instanceof HTMLElement && n.matches('main.reading')))) renderAll();
  });
  readingObserver.observe(document.body, { childList: true });
  // The live classroom may switch the mode at any time: redraw the controls that depend on it.
  const liveObserver = new MutationObserver(renderAll);
  liveObserver.observe(document.documentElement, { attributes: true, attributeFilter: [LIVE_ATTR] });
  // Dev hot update: new slides (without our controls) and maybe a new model.
  reveal.on('deckupdate', () => {
    deck = readDeckData();
    w = quizWords(deck.meta.lang);
    restore();
    renderAll();
  });

  restore();
  renderAll();

  const current = (): { section: HTMLElement; i: number } | undefined => {
    const section = reveal.getCurrentSlide() as HTMLElement | undefined;
    return section ? { section, i: reveal.getIndices().h } : undefined;
  };
  return {
    key(e) {
      const at = current();
      if (!at) return;
      const slide = deck.slides[at.i];
      if (/^[1-9]$/.test(e.key) && slide?.quiz) {
        // Focus stays where it was: Enter then checks, instead of pressing a focused choice again.
        choose(at.section, at.i, Number(e.key) - 1);
      } else if (e.key === 'Enter' && slide?.quiz) check(at.section, at.i);
      else if ((e.key === 't' || e.key === 'T') && slide?.activity) toggleTimer(deck, at.i);
    },
    reveal: revealAnswer,
    destroy() {
      document.removeEventListener('click', onClick);
      document.removeEventListener(QUIZ_REVEAL_EVENT, onReveal, true);
      offTimer();
      readingObserver.disconnect();
      liveObserver.disconnect();
      clearInterval(tick);
      announcer.remove();
    },
  };
}
