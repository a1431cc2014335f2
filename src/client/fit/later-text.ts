/**
 * The text of the stand-ins expandLater (later.ts) puts in a slide, apart from it: the page's entry
 * (first.ts) loads the faces of the first slides with fonts.ts, which needs only these strings.
 */

/** As long as the longer of the marks quiz/controller.ts puts in a choice (quiz/words.ts). */
export const MARK = '× あなたの選択';
export const FEEDBACK = '× 不正解';
export const RETRY = 'もう一度';
export const MODEL = '解答例を隠す';

/** Text that expandLater may add to a slide: its glyphs must be loaded before the slide is measured. */
export const LATER_TEXT = MARK + FEEDBACK + RETRY + MODEL + '0:00';
