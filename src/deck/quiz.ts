import type { PluginWithParams } from 'markdown-it';
import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import container from 'markdown-it-container';
import type { Diagnostics } from './errors.ts';

/** The part of markdown.ts's RenderEnv this plugin uses (not imported: markdown.ts imports us). */
interface RenderEnv {
  file: string;
  line: number;
  diags: Diagnostics;
}

/**
 * Quiz slides, as markdown-it plugins (composed like marpit's, no HTML post-processing):
 *
 *   - [ ] 寒冷地で戦われたから
 *   - [x] 米ソが直接は戦火を交えなかったから
 *   {.quiz}
 *
 *   ::: answer
 *   explanation (quiz) or model answer 解答例 (activity slide)
 *   :::
 *
 * A task list that markdown-it-attrs marked `.quiz` becomes a list of `<button data-choice="i">`;
 * which choices are correct goes to the model (`env.quiz`), never into the HTML, so neither the
 * page's text nor a printout gives the answer away. `::: answer` (markdown-it-container) becomes a
 * `hidden` block that the client plugin, the speaker view and the handout's answer key show.
 */

/** What the plugin found on one slide, for the compiler (src/deck/compile.ts). */
export interface QuizFound {
  choices: number;
  correct: number[];
}

/** Fields this plugin reads and fills in markdown-it's per-render env. */
export interface QuizEnv {
  quiz?: QuizFound;
  /** 1-based source lines of `::: answer` blocks. */
  answers?: number[];
}

const TASK = /^\[([ xX])\][ \u3000]+/;
const CLOSE = /^\s*:{3,}\s*$/;
const QUIZ_MARK = /^\s*\{\s*\.quiz\s*\}\s*$/;

export function quizPlugin(md: MarkdownIt): void {
  // markdown-it-container's types use the CJS markdown-it types; the runtime object is the same.
  md.use(container as unknown as PluginWithParams, 'answer', {
    render(tokens: Token[], idx: number) {
      const tok = tokens[idx]!;
      if (tok.nesting !== 1) return '</div>\n';
      const kind = tok.meta?.quiz ? 'quiz-answer' : 'activity-answer';
      return `<div class="deck-answer ${kind}" hidden>\n`;
    },
  });
  // After markdown-it-attrs (registered before us), which puts `.quiz` on the <ul>.
  md.core.ruler.push('deck_quiz', (state) => {
    const env = state.env as RenderEnv & QuizEnv;
    const tokens = state.tokens;
    const lines = state.src.split('\n');
    const at = (tok: Token): { file: string; line: number; col: number } => ({ file: env.file, line: env.line + (tok.map?.[0] ?? 0), col: 1 });
    let quizLists = 0;
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      if (tok.type === 'container_answer_open') {
        (env.answers ??= []).push(at(tok).line);
        const end = tok.map?.[1] ?? lines.length;
        if (end >= lines.length || !CLOSE.test(lines[end] ?? '')) {
          env.diags.error(at(tok), '::: answer is never closed', 'close the answer block with a line holding only ::: (before Note: and before the next ---)');
        }
        continue;
      }
      if (tok.type !== 'bullet_list_open' && tok.type !== 'ordered_list_open') continue;
      if (!(tok.attrGet('class') ?? '').split(/\s+/).includes('quiz')) continue;
      quizLists++;
      if (quizLists > 1) {
        env.diags.error(at(tok), 'a second quiz on one slide', 'put each {.quiz} list on its own slide (separate them with ---)');
      }
      // Two quizzes written one after the other (`{.quiz}`, blank line, `- [ ] …`) are one list to
      // CommonMark, with `.quiz` applied twice: the second quiz starts after the first mark.
      const [from, to] = tok.map ?? [0, 0];
      const marks = lines.map((l, n) => (n >= from && n < to && QUIZ_MARK.test(l) ? n : -1)).filter((n) => n >= 0);
      if (marks.length > 1 || (marks.length === 1 && marks[0]! < to - 1 && lines.slice(marks[0]! + 1, to).some((l) => l.trim()))) {
        const second = lines.findIndex((l, n) => n > marks[0]! && l.trim() !== '');
        env.diags.error(
          { file: env.file, line: env.line + second, col: 1 },
          'a second quiz on one slide',
          'put each {.quiz} list on its own slide (separate them with ---)',
        );
        quizLists++;
        continue;
      }
      const found = markChoices(tokens, i, env, at);
      if (quizLists === 1 && found) env.quiz = found;
    }
    if (env.quiz) for (const tok of tokens) if (tok.type === 'container_answer_open') tok.meta = { ...(tok.meta as object), quiz: true };
  });

  const itemOpen = md.renderer.rules.list_item_open;
  md.renderer.rules.list_item_open = (tokens, idx, options, env, self) => {
    const choice = (tokens[idx]!.meta as { quizChoice?: number } | null)?.quizChoice;
    if (choice === undefined) return itemOpen ? itemOpen(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
    // The number is the key that picks the choice (1–9); aria-hidden so it is not read before each choice.
    return `<li class="quiz-item"><button type="button" class="quiz-choice" data-choice="${choice}"><span class="quiz-key" aria-hidden="true">${choice + 1}</span><span class="quiz-text">`;
  };
  const itemClose = md.renderer.rules.list_item_close;
  md.renderer.rules.list_item_close = (tokens, idx, options, env, self) => {
    if ((tokens[idx]!.meta as { quizChoice?: number } | null)?.quizChoice === undefined) {
      return itemClose ? itemClose(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
    }
    return '</span></button></li>\n';
  };
}

/**
 * Checks the quiz list opening at tokens[open] and turns its items into choices: strips the
 * `[ ]`/`[x]` markers and marks the items for the renderer. Returns the choices, or undefined
 * (with an error reported) when the list is not a valid quiz.
 */
function markChoices(
  tokens: Token[],
  open: number,
  env: RenderEnv,
  at: (tok: Token) => { file: string; line: number; col: number },
): QuizFound | undefined {
  const list = tokens[open]!;
  list.attrJoin('class', 'quiz-choices');
  let depth = 0;
  let n = 0;
  const correct: number[] = [];
  let ok = true;
  let close = open;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j]!;
    depth += t.nesting;
    if (depth === 0) {
      close = j;
      break;
    }
    // Only the list's own items (level + 1), not items of a nested list.
    if (t.type !== 'list_item_open' || t.level !== list.level + 1) continue;
    const inline = tokens.slice(j + 1).find((x) => x.type === 'inline');
    const first = inline?.children?.[0];
    const m = first?.type === 'text' ? TASK.exec(first.content) : null;
    if (!inline || !first || !m) {
      env.diags.error(at(t), 'a quiz choice without [ ] or [x]', 'start every choice with "- [ ] " (wrong) or "- [x] " (correct)');
      ok = false;
      continue;
    }
    first.content = first.content.slice(m[0].length);
    inline.content = inline.content.replace(TASK, '');
    if (m[1] !== ' ') correct.push(n);
    t.meta = { ...(t.meta as object), quizChoice: n };
    n++;
  }
  // A choice is one button: its text only (a <p> or a nested block inside a <button> is invalid HTML).
  let closed = 0;
  for (let j = open + 1; j < close; j++) {
    const t = tokens[j]!;
    if (t.type === 'list_item_close' && t.level === list.level + 1) t.meta = { ...(t.meta as object), quizChoice: closed++ };
    else if (t.type === 'paragraph_open' || t.type === 'paragraph_close') t.hidden = true;
    else if (t.level > list.level + 2 && t.type.endsWith('_open') && ok) {
      env.diags.error(at(t), 'a quiz choice holds more than one line of text', 'write each choice as one line; put longer explanations in a ::: answer block');
      ok = false;
    }
  }
  if (!ok) return undefined;
  if (n < 2) {
    env.diags.error(at(list), `a quiz needs at least 2 choices (found ${n})`, 'add choices, each on its own line: "- [ ] wrong" or "- [x] correct"');
    return undefined;
  }
  if (correct.length === 0) {
    env.diags.error(at(list), 'a quiz with no correct choice', 'mark the correct choice(s) with [x], e.g. "- [x] 米ソが直接は戦わなかったから"');
    return undefined;
  }
  return { choices: n, correct };
}
