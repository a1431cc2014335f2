/** DECK_TRACE=1: a timeline of the PDF command on stderr (epoch ms, thread, CPU ms of the process). */
import { isMainThread } from 'node:worker_threads';
export function mark(name: string): void {
  if (!process.env.DECK_TRACE) return;
  const u = process.cpuUsage();
  process.stderr.write(`T ${(performance.timeOrigin + performance.now()).toFixed(1)} ${isMainThread ? 'main' : 'work'} cpu ${((u.user + u.system) / 1000).toFixed(0)} ${name}\n`);
}
