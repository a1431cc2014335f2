/**
 * The words figures draw and describe themselves with, in the deck's language (deck.yaml `lang`):
 * Japanese for `ja`, English otherwise. The data's own labels are drawn as written.
 */
export type FigureLang = 'ja' | 'en';

export function figureLang(lang: string): FigureLang {
  return /^ja\b/i.test(lang) ? 'ja' : 'en';
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const ja = {
  /** deck.yaml's date for the "as of" mark, e.g. 2025年11月. */
  asOf: (year: string, month?: number) => `${year}年${month ? `${month}月` : ''}`,
  asOfMark: (date: string) => `${date}現在`,
  timelineTitle: (first: number, last: number) => `年表 ${first}〜${last}年`,
  timelineDescription: (first: number, last: number, count: number, phases: string[]) =>
    `${first}年から${last}年までの${count}の出来事を、時期(${phases.join('・')})ごとの色で示した年表。`,
  timelineItem: (year: number, label: string, phase: string) => `${year}年 ${label}(${phase})`,
  treatiesTitle: '核軍縮条約の歩み',
  treatiesDescription: (count: number, from: number, to: number) => `${count}の条約を、調印の年と有効だった期間で${from}年から${to}年の時間軸に示した図。`,
  treatyItem: (name: string, signed: number, note: string) => `${name}:${signed}年調印。${note}`,
  signed: '調印',
  inForce: '有効期間',
  suspended: '参加停止中',
  neverInForce: '発効せず',
  mapTitle: '地図',
  occupiedBy: (by: string, since?: number) => `${by}が占領${since !== undefined ? `(${since}年〜)` : ''}`,
  inset: (label: string) => `${label}(挿入図)`,
  partOf: (country: string) => `${country}の一部`,
  occupiedItem: (what: string, of: string, by: string, since?: number) => `${what}: ${of}の領土。${by}が${since !== undefined ? `${since}年から` : ''}占領(斜線)`,
  classItem: (label: string, members: string[]) => `${label}: ${members.join('、')}`,
  mapDescription: (countries: number, classes: string[], occupied: boolean, inset?: string) =>
    `${countries}か国を${classes.length}つの区分(${classes.join('・')})で色分けした地図。` +
    (occupied ? `占領されている地域は、その地域が属する国の色のまま斜線で示す。` : '') +
    (inset ? `挿入図: ${inset}。` : ''),
};

const en: typeof ja = {
  asOf: (year, month) => (month ? `${MONTHS[month - 1] ?? month} ${year}` : year),
  asOfMark: (date) => `as of ${date}`,
  timelineTitle: (first, last) => `Timeline ${first}–${last}`,
  timelineDescription: (first, last, count, phases) => `A timeline of ${plural(count, 'event', 'events')} from ${first} to ${last}, colored by period (${phases.join(', ')}).`,
  timelineItem: (year, label, phase) => `${year} ${label} (${phase})`,
  treatiesTitle: 'Arms control treaties',
  treatiesDescription: (count, from, to) => `${plural(count, 'treaty', 'treaties')} on a time axis from ${from} to ${to}: the year each was signed and the years it was in force.`,
  treatyItem: (name, signed, note) => `${name}: signed ${signed}. ${note}`,
  signed: 'signed',
  inForce: 'in force',
  suspended: 'suspended',
  neverInForce: 'never in force',
  mapTitle: 'Map',
  occupiedBy: (by, since) => `occupied by ${by}${since !== undefined ? ` (since ${since})` : ''}`,
  inset: (label) => `${label} (inset)`,
  partOf: (country) => `part of ${country}`,
  occupiedItem: (what, of, by, since) => `${what}: territory of ${of}, occupied by ${by}${since !== undefined ? ` since ${since}` : ''} (hatched)`,
  classItem: (label, members) => `${label}: ${members.join(', ')}`,
  mapDescription: (countries, classes, occupied, inset) =>
    `A map coloring ${plural(countries, 'country', 'countries')} in ${plural(classes.length, 'group', 'groups')} (${classes.join(', ')}).` +
    (occupied ? ' Occupied areas keep the color of the country they belong to, hatched.' : '') +
    (inset ? ` Inset: ${inset}.` : ''),
};

export type FigureWords = typeof ja;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function figureWords(lang: FigureLang): FigureWords {
  return lang === 'ja' ? ja : en;
}
