/**
 * The user-interface strings of the deck page (progress bar, resume notice, help, reading view) in
 * Japanese and English; the deck's `lang` picks the table (the speaker console has its own, in
 * speaker-view.ts, loaded with it). Their characters reach
 * the subset deck font through src/vite/fonts.ts's clientCharacters(), which reads src/client.
 */

export type UiLang = 'ja' | 'en';

const ja = {
  progress: 'スライドの進み具合',
  bar: '進行状況とフェーズ',
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
  printSlides: '印刷・PDF(スライド)',
  printHandout: '印刷・PDF(配布資料 A4)',
  printReady: (what: string) => `${what}の印刷用レイアウトです。「印刷」を押すか Ctrl+P(Mac: ⌘P)で印刷またはPDFに保存できます。「背景のグラフィック」をオンにしてください。`,
  printNow: '印刷',
  phoneTip: '縦向きの画面には読み物ビューがおすすめ',
  openReading: '読み物ビューで開く',
};

type Strings = typeof ja;

const en: Strings = {
  progress: 'Slide progress',
  bar: 'Progress and phases',
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
  printSlides: 'Print / PDF (slides)',
  printHandout: 'Print / PDF (A4 handout)',
  printReady: (what) => `Print layout: ${what}. Press Print or Ctrl+P (Mac: ⌘P) to print or save as PDF; turn on "Background graphics".`,
  printNow: 'Print',
  phoneTip: 'Upright phone? Try the reading view',
  openReading: 'Open the reading view',
};

export function uiLang(lang: string): UiLang {
  return /^ja\b/i.test(lang) ? 'ja' : 'en';
}

export function strings(lang: string): Strings {
  return uiLang(lang) === 'ja' ? ja : en;
}
