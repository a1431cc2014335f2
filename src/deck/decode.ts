import type { Diagnostics } from './errors.ts';

/**
 * Bytes → text with LF line endings. Accepts UTF-8 with or without BOM and CRLF/CR endings;
 * anything that is not valid UTF-8 is an error (Shift_JIS from older Japanese editors is common).
 */
export function decodeText(bytes: Uint8Array, file: string, diags: Diagnostics): string | undefined {
  let text: string;
  try {
    // fatal: invalid UTF-8 throws instead of silently becoming U+FFFD.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    const { line, col } = utf16 ? { line: 1, col: 1 } : firstInvalidUtf8(bytes);
    const guess = utf16 ? ' (it is UTF-16, which Windows calls "Unicode")' : looksLikeShiftJis(bytes) ? ' (it looks like Shift_JIS)' : '';
    diags.error(
      { file, line, col },
      `file is not UTF-8${guess}`,
      'save the file as UTF-8 (in VS Code: "Save with Encoding" → UTF-8; in メモ帳: 文字コード UTF-8)',
    );
    return undefined;
  }
  return text.replace(/\r\n?/g, '\n');
}

/** Position of the first byte sequence that is not valid UTF-8, to point the author at it. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; col: number } {
  let line = 1;
  let col = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return { line, col };
    for (let k = 1; k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return { line, col };
    if (b === 0x0a) {
      line++;
      col = 1;
    } else col++;
    i += len;
  }
  return { line, col };
}

/** Heuristic only used to word the error: most bytes pair up as Shift_JIS lead/trail bytes. */
function looksLikeShiftJis(bytes: Uint8Array): boolean {
  let pairs = 0;
  let bad = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80 || (b >= 0xa1 && b <= 0xdf)) continue;
    const lead = (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
    const t = bytes[i + 1];
    if (lead && t !== undefined && t >= 0x40 && t <= 0xfc && t !== 0x7f) {
      pairs++;
      i++;
    } else bad++;
  }
  return pairs > 0 && bad <= pairs / 10;
}
