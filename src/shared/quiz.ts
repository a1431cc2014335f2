/**
 * Quiz slides ↔ live classroom (issue 12's events contract). The quiz plugin
 * (src/client/quiz/controller.ts) implements it; the classroom uses it.
 *
 *   <html data-quiz-live>   choosing does not show right/wrong: it marks the choice(s)
 *                           aria-pressed="true" (changeable) and dispatches `quiz:answer`;
 *   `quiz:answer`           CustomEvent on the quiz's <section>, bubbles, detail QuizAnswerDetail;
 *                           also sent outside live mode when a learner checks an answer;
 *   `quiz:reveal`           dispatched by the classroom on a quiz <section>: shows the correct
 *                           choice(s) and the explanation, and sets data-quiz-result from the
 *                           current selection (no result when nothing was chosen).
 */
export const QUIZ_LIVE_ATTR = 'data-quiz-live';
export const QUIZ_ANSWER_EVENT = 'quiz:answer';
export const QUIZ_REVEAL_EVENT = 'quiz:reveal';

export interface QuizAnswerDetail {
  /** reveal.js horizontal index of the slide (`#/index`). */
  index: number;
  /** 0-based choices selected, ascending. */
  selected: number[];
}
