import type { ClientDeck } from '../../deck/model.ts';
import { onTimerChange, renderTimerBar, resetTimer, timerBar, toggleTimer } from './timer.ts';
import { quizWords } from './words.ts';
import { pressed } from '../keymap.ts';
import { isShortcutEvent } from '../shortcuts.ts';
import '../styles/quiz.css';

/**
 * What the speaker view shows under the notes of a quiz or activity slide: the correct choice(s)
 * and the explanation / model answer (always, unlike the class's screen), and the activity's
 * countdown — the same one the class sees (timer.ts keeps it in localStorage), driven from here
 * by its buttons or `T`.
 */
let now: { deck: ClientDeck; h: number } | undefined;
let wired = false;

function wire(): void {
  if (wired) return;
  wired = true;
  const redraw = (): void => {
    if (!now) return;
    document.querySelectorAll<HTMLElement>('.speaker-quiz .activity-bar').forEach((b) => renderTimerBar(now!.deck, b));
  };
  setInterval(redraw, 250);
  addEventListener('keydown', (e) => {
    if (!now || !isShortcutEvent(e) || !pressed(e, 'activityTimer')) return;
    if (!now.deck.slides[now.h]?.activity) return;
    e.preventDefault();
    toggleTimer(now.deck, now.h);
    redraw();
  });
  document.addEventListener('click', (e) => {
    const b = (e.target as Element | null)?.closest<HTMLElement>('.speaker-quiz [data-quiz-action]');
    if (!b || !now) return;
    if (b.dataset.quizAction === 'timer') toggleTimer(now.deck, now.h);
    else if (b.dataset.quizAction === 'timer-reset') resetTimer(now.deck, now.h);
    redraw();
  });
  if (now) onTimerChange(now.deck, redraw);
}

export function speakerQuiz(deck: ClientDeck, h: number, section: HTMLElement | undefined): HTMLElement | undefined {
  now = { deck, h };
  const slide = deck.slides[h];
  if (!slide?.quiz && !slide?.activity) return undefined;
  wire();
  const w = quizWords(deck.meta.lang);
  const box = document.createElement('div');
  box.className = 'speaker-quiz';
  box.dataset.phase = slide.phase;
  if (slide.quiz) {
    const head = document.createElement('p');
    head.className = 'speaker-quiz-answer';
    const strong = document.createElement('strong');
    strong.textContent = `${w.speakerAnswer}: `;
    const texts = slide.quiz.correct.map((c) => {
      const t = section?.querySelector(`[data-choice="${c}"] .quiz-text`)?.textContent?.trim() ?? '';
      return `${c + 1}「${t}」`;
    });
    head.append(strong, texts.join('、'));
    box.append(head);
  }
  if (slide.activity) {
    const label = document.createElement('p');
    label.className = 'speaker-quiz-label';
    label.textContent = `${w.speakerTimer} (${w.minutes(slide.activity.minutes)})`;
    box.append(label, timerBar(deck, h));
  }
  const answer = section?.querySelector('.deck-answer');
  if (answer) {
    const copy = answer.cloneNode(true) as HTMLElement;
    copy.hidden = false;
    copy.setAttribute('aria-label', w.speakerModel);
    copy.setAttribute('role', 'group');
    box.append(copy);
  }
  return box;
}
