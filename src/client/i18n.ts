/**
 * The user-interface strings of the client (progress bar, resume notice, help, reading view,
 * speaker view) in Japanese and English; the deck's `lang` picks the table. Their characters reach
 * the subset deck font through src/vite/fonts.ts's clientCharacters(), which reads src/client.
 */

export type UiLang = 'ja' | 'en';

const ja = {
  progress: 'スライドの進み具合',
  phases: 'フェーズ',
  jumpTo: (label: string, from: number, to: number) => `${label}へ移動(${from}〜${to}枚目)`,
  visited: '既読',
  help: 'キー操作と表示',
  resumed: (n: number) => `前回の続き(${n}枚目)から表示しています`,
  startOver: '最初から',
  close: '閉じる',
  helpTitle: 'キー操作',
  keys: {
    next: '次へ',
    prev: '前へ',
    firstLast: '最初/最後のスライド',
    blackout: '暗転(もう一度押すと戻る)',
    overview: 'スライド一覧',
    fullscreen: '全画面表示',
    jump: 'スライド番号を入力して移動',
    speaker: '発表者ビュー(別ウィンドウ)',
    reading: '読み物ビュー(ノート付き)',
    help: 'このヘルプ',
    swipe: '左右にスワイプ: 次/前へ',
  },
  readingView: '読み物ビュー',
  backToSlides: 'スライド表示に戻る',
  slideOf: (n: number, total: number) => `${n} / ${total}枚目`,
  speaker: {
    title: '発表者ビュー',
    current: '現在のスライド',
    next: '次のスライド',
    end: '(最後のスライドです)',
    notes: 'ノート',
    noNotes: '(このスライドにノートはありません)',
    clock: '時刻',
    elapsed: '経過時間',
    start: '開始',
    pause: '一時停止',
    reset: 'リセット',
    planned: '予定',
    ahead: '早い',
    behind: '遅れ',
    onTime: '予定どおり',
    budget: '予算',
    used: '使用',
    left: '残り',
    over: '超過',
    paused: '暗転中',
    detached: '元のウィンドウと接続していません(このウィンドウのキーで操作できます)',
    phases: 'フェーズごとの時間',
  },
};

type Strings = typeof ja;

const en: Strings = {
  progress: 'Slide progress',
  phases: 'Phases',
  jumpTo: (label, from, to) => `Go to ${label} (slides ${from}–${to})`,
  visited: 'visited',
  help: 'Keys and views',
  resumed: (n) => `Resumed at slide ${n}`,
  startOver: 'Start over',
  close: 'Close',
  helpTitle: 'Keyboard shortcuts',
  keys: {
    next: 'Next',
    prev: 'Previous',
    firstLast: 'First / last slide',
    blackout: 'Black out the screen (press again to return)',
    overview: 'Slide overview',
    fullscreen: 'Fullscreen',
    jump: 'Jump to a slide number',
    speaker: 'Speaker view (new window)',
    reading: 'Reading view (with notes)',
    help: 'This help',
    swipe: 'Swipe left / right: next / previous',
  },
  readingView: 'Reading view',
  backToSlides: 'Back to the slides',
  slideOf: (n, total) => `slide ${n} of ${total}`,
  speaker: {
    title: 'Speaker view',
    current: 'Current slide',
    next: 'Next slide',
    end: '(this is the last slide)',
    notes: 'Notes',
    noNotes: '(no notes for this slide)',
    clock: 'Clock',
    elapsed: 'Elapsed',
    start: 'Start',
    pause: 'Pause',
    reset: 'Reset',
    planned: 'Planned',
    ahead: 'ahead',
    behind: 'behind',
    onTime: 'on time',
    budget: 'budget',
    used: 'used',
    left: 'left',
    over: 'over',
    paused: 'Blacked out',
    detached: 'Not connected to the deck window (keys here move this view only)',
    phases: 'Time per phase',
  },
};

export function uiLang(lang: string): UiLang {
  return /^ja\b/i.test(lang) ? 'ja' : 'en';
}

export function strings(lang: string): Strings {
  return uiLang(lang) === 'ja' ? ja : en;
}
