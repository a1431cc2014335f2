import type { Diagnostics } from './errors.ts';
import type { Phase, Slide, SourcePos } from './model.ts';
import type { QuizEnv } from './quiz.ts';

/** Longest activity a slide may plan, in minutes (a class period holds a few of them at most). */
export const MAX_ACTIVITY_MINUTES = 30;

/**
 * The quiz and activity parts of one slide, from what the quiz plugin found in its Markdown and
 * from its `<!-- .slide: data-activity="3" -->` attribute; reports misuse. Adds `data-quiz` to the
 * section's attributes (the DOM contract: `section[data-quiz]`).
 *
 *   attrsPos  where the `<!-- .slide: … -->` comment is (or the slide body when there is none)
 *   attrsText its attribute text, to point at the column of `data-activity`
 */
export function checkSlideQuiz(
  found: QuizEnv | undefined,
  attrs: Record<string, string>,
  attrsPos: SourcePos,
  attrsText: string,
  diags: Diagnostics,
): Pick<Slide, 'quiz' | 'activity'> {
  const out: Pick<Slide, 'quiz' | 'activity'> = {};
  if (found?.quiz) {
    out.quiz = { choices: found.quiz.choices, correct: found.quiz.correct };
    attrs['data-quiz'] = '';
  }
  const raw = attrs['data-activity'];
  if (raw !== undefined) {
    const minutes = Number(raw.trim());
    // The column of the attribute inside `<!-- .slide: … -->`, for an editor to jump to.
    const col = attrsPos.col + Math.max(0, `<!-- .slide: ${attrsText}`.indexOf('data-activity'));
    if (!/^\s*\d+(\.\d+)?\s*$/.test(raw) || !(minutes >= 1 && minutes <= MAX_ACTIVITY_MINUTES)) {
      diags.error(
        { ...attrsPos, col },
        `data-activity="${raw}" is not a number of minutes from 1 to ${MAX_ACTIVITY_MINUTES}`,
        'write the minutes the activity takes, e.g. <!-- .slide: data-activity="3" -->',
      );
      delete attrs['data-activity'];
    } else if (out.quiz) {
      diags.error({ ...attrsPos, col }, 'a slide is both a quiz and an activity', 'put the quiz and the timed activity on separate slides');
      delete attrs['data-activity'];
    } else {
      out.activity = { minutes };
      attrs['data-activity'] = String(minutes);
    }
  }
  if (!out.quiz && !out.activity && raw === undefined) {
    for (const line of found?.answers ?? []) {
      diags.warn(
        { file: attrsPos.file, line, col: 1 },
        '::: answer on a slide that is neither a quiz nor an activity: nobody will see it',
        'add a {.quiz} list to the slide, or mark it <!-- .slide: data-activity="3" --> (minutes), or remove the block',
      );
    }
  }
  return out;
}

/**
 * Seconds planned for each slide: an activity slide gets its own minutes; the other slides of
 * its phase share what is left of the phase's minutes. Warns when a phase's activities take all
 * of its time.
 */
export function planTimings(phases: Phase[], slides: Array<Pick<Slide, 'phase' | 'activity' | 'source'>>, diags?: Diagnostics): number[] {
  const share = new Map<string, number>();
  for (const p of phases) {
    const own = slides.filter((s) => s.phase === p.id);
    const activity = own.reduce((sum, s) => sum + (s.activity?.minutes ?? 0), 0);
    const others = own.filter((s) => !s.activity).length;
    const left = p.minutes - activity;
    if (activity > 0 && left < 0) {
      const first = own.find((s) => s.activity)!;
      diags?.warn(
        first.source,
        `the activities of phase "${p.id}" take ${activity} minutes, more than its ${p.minutes}`,
        'give the phase more minutes in deck.yaml or shorten the activities (data-activity)',
      );
    }
    share.set(p.id, others > 0 ? Math.max(0, left) * 60 / others : 0);
  }
  return slides.map((s) => Math.round(s.activity ? s.activity.minutes * 60 : share.get(s.phase)!));
}
