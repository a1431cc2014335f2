import { uiLang } from '../i18n.ts';

/** The speaker console's words (apart from i18n.ts: only this lazily loaded page needs them). */
const JA = {
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
};
const EN: typeof JA = {
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
};
export type SpeakerWords = typeof JA;

/** The console's words in the deck's language (Japanese or English). */
export function speakerWords(lang: string): SpeakerWords {
  return uiLang(lang) === 'ja' ? JA : EN;
}
