import './styles/resume.css';

export interface NoticeOptions {
  text: string;
  /** The one action offered (e.g. 「最初から」), run after the notice closes. */
  action: { label: string; run: () => void };
  closeLabel: string;
  /** Extra class for placement (the look is .resume-notice's). */
  className?: string;
  /** Called when the learner answers the notice, by its action or by ×. */
  onAnswer?: () => void;
}

/** A small dismissible notice with one action and ×, announced politely (role=status). */
export function showNotice(o: NoticeOptions): HTMLElement {
  const box = document.createElement('div');
  box.className = ['resume-notice', o.className].filter(Boolean).join(' ');
  box.setAttribute('role', 'status');
  const text = document.createElement('span');
  text.textContent = o.text;
  const act = document.createElement('button');
  act.type = 'button';
  act.className = 'resume-restart';
  act.textContent = o.action.label;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'resume-close';
  close.setAttribute('aria-label', o.closeLabel);
  close.textContent = '×';
  act.addEventListener('click', () => {
    box.remove();
    o.onAnswer?.();
    o.action.run();
  });
  close.addEventListener('click', () => {
    box.remove();
    o.onAnswer?.();
  });
  box.append(text, act, close);
  document.body.append(box);
  return box;
}
