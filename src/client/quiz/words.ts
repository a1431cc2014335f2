import { uiLang } from '../i18n.ts';

/**
 * The words of quiz and activity slides, in Japanese and English (the deck's `lang` picks). Kept
 * here, not in i18n.ts: only the lazily loaded quiz code needs them. Their characters reach the
 * subset deck font through src/vite/fonts.ts, which reads src/client.
 */
const ja = {
  check: '答え合わせ',
  retry: 'もう一度',
  correct: '正解',
  wrong: '不正解',
  correctMark: '正解の選択肢',
  yourChoice: 'あなたの選択',
  announceCorrect: '正解です。',
  announceWrong: (answer: string) => `不正解です。正解は ${answer} です。`,
  announceRevealed: (answer: string) => `正解は ${answer} です。`,
  chooseAll: '当てはまるものをすべて選び、「答え合わせ」を押してください',
  chooseOne: '選択肢を1つ選んでください',
  showModel: '解答例を見る',
  hideModel: '解答例を隠す',
  showAnswer: '解説を見る',
  hideAnswer: '解説を隠す',
  timerStart: '開始',
  timerPause: '一時停止',
  timerResume: '再開',
  timerReset: 'リセット',
  timerLabel: (min: number) => `話し合いの残り時間(${min}分)`,
  timerDone: '時間です',
  phaseScore: (ok: number, n: number) => `このフェーズの確認:${ok} / ${n} 正解`,
  reviewTitle: '復習するスライド',
  reviewNone: 'すべての確認問題に正解しました。',
  reviewUnanswered: '未回答',
  reviewWrong: '不正解',
  speakerAnswer: '正解',
  speakerModel: '解答例・解説',
  speakerTimer: '活動タイマー',
  minutes: (n: number) => `${n}分`,
  answerKey: '解答と解説',
  modelAnswer: '解答例',
  answerBox: '解答欄',
  page: (n: number) => `p. ${n}`,
  keyChoose: 'クイズの選択肢を選ぶ',
  keyCheck: '答え合わせ(複数選ぶクイズ)',
  keyTimer: '活動タイマーの開始/一時停止',
};

type Words = typeof ja;

const en: Words = {
  check: 'Check',
  retry: 'Try again',
  correct: 'Correct',
  wrong: 'Wrong',
  correctMark: 'correct choice',
  yourChoice: 'your choice',
  announceCorrect: 'Correct.',
  announceWrong: (answer) => `Not quite. The answer is ${answer}.`,
  announceRevealed: (answer) => `The answer is ${answer}.`,
  chooseAll: 'Choose every choice that applies, then press Check',
  chooseOne: 'Choose one answer',
  showModel: 'Show a model answer',
  hideModel: 'Hide the model answer',
  showAnswer: 'Show the explanation',
  hideAnswer: 'Hide the explanation',
  timerStart: 'Start',
  timerPause: 'Pause',
  timerResume: 'Resume',
  timerReset: 'Reset',
  timerLabel: (min) => `Activity time left (${min} min)`,
  timerDone: 'Time is up',
  phaseScore: (ok, n) => `Check for this phase: ${ok} / ${n} correct`,
  reviewTitle: 'Slides to review',
  reviewNone: 'You answered every check correctly.',
  reviewUnanswered: 'not answered',
  reviewWrong: 'wrong',
  speakerAnswer: 'Answer',
  speakerModel: 'Model answer / explanation',
  speakerTimer: 'Activity timer',
  minutes: (n) => `${n} min`,
  answerKey: 'Answers and explanations',
  modelAnswer: 'Model answer',
  answerBox: 'Your answer',
  page: (n) => `p. ${n}`,
  keyChoose: 'Choose a quiz choice',
  keyCheck: 'Check the answer (several correct)',
  keyTimer: 'Start / pause the activity timer',
};

export function quizWords(lang: string): Words {
  return uiLang(lang) === 'ja' ? ja : en;
}
