import { titledRegion } from '../dom.ts';
import type { ClassroomConfig } from '../../shared/classroom-protocol.ts';
import type { ClassroomWords } from './words.ts';

let dialog: HTMLDialogElement | undefined;

/**
 * The teacher's join overlay (`J`): the students' QR code, address and join code, big enough to
 * read from the back of a room, with the number of students who joined. A modal <dialog>, so
 * reveal.js's keys are off while it is open; Esc, J or 閉じる close it.
 */
export function toggleJoinOverlay(config: ClassroomConfig, students: () => number, t: ClassroomWords): void {
  dialog ??= build(config, students, t);
  if (dialog.open) dialog.close();
  else dialog.showModal();
}

function build(config: ClassroomConfig, students: () => number, t: ClassroomWords): HTMLDialogElement {
  const { box: d, heading: h } = titledRegion('dialog', 'classroom-join', 'classroom-join-title', t.joinTitle);
  const help = document.createElement('p');
  help.className = 'classroom-join-help';
  help.textContent = t.joinHelp;

  // The QR code comes from our own server (made with `qrcode`); parsed as SVG, never as HTML.
  const qr = document.createElement('div');
  qr.className = 'classroom-join-qr';
  const svg = new DOMParser().parseFromString(config.qrSvg, 'image/svg+xml').documentElement;
  if (svg.nodeName === 'svg') {
    const node = document.importNode(svg, true);
    node.setAttribute('role', 'img');
    node.setAttribute('aria-label', t.joinQr(config.joinUrl));
    qr.append(node);
  }

  const url = document.createElement('p');
  url.className = 'classroom-join-url';
  url.textContent = config.joinUrl;
  const code = document.createElement('p');
  code.className = 'classroom-join-code';
  const codeLabel = document.createElement('span');
  codeLabel.textContent = `${t.joinCode} `;
  const codeValue = document.createElement('strong');
  codeValue.textContent = config.code;
  code.append(codeLabel, codeValue);
  const count = document.createElement('p');
  count.className = 'classroom-join-count';
  count.setAttribute('role', 'status');

  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'classroom-join-close';
  close.textContent = `${t.close} (J)`;
  close.addEventListener('click', () => d.close());

  const text = document.createElement('div');
  text.className = 'classroom-join-text';
  text.append(h, help, url, code, count, close);
  d.append(qr, text);
  d.addEventListener('click', (e) => {
    if (e.target === d) d.close();
  });

  // The count follows the room while the overlay is up.
  let timer: ReturnType<typeof setInterval> | undefined;
  const update = (): void => {
    count.textContent = t.joined(students());
  };
  const observer = new MutationObserver(() => {
    clearInterval(timer);
    if (d.open) {
      update();
      timer = setInterval(update, 1000);
    }
  });
  observer.observe(d, { attributes: true, attributeFilter: ['open'] });
  document.body.append(d);
  return d;
}
