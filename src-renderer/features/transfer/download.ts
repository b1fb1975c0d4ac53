// Hands CSV text to the browser as a file download through a short-lived Blob
// URL: nothing is written to browser storage and the URL is revoked at once.

/** Put first in a CSV file so that Excel reads it as UTF-8 (accents, CJK). */
export const byteOrderMark = '\uFEFF';

/**
 * The file: its parts, each encoded as UTF-8 on its own. An export's text comes without its byte-order mark
 * (export.service.ts) and gets it here as a part of its own: joined into the text, that one character would make
 * the whole string (up to 256 MB) two-byte UTF-16 in memory.
 */
export function textFile(parts: readonly string[], type: string): Blob {
  return new Blob([...parts], { type });
}

/** An export's file (export.csv's text): the byte-order mark first, as a part of its own. */
export function exportFileParts(csv: string): readonly string[] {
  return [byteOrderMark, csv];
}

export function downloadText(fileName: string, text: string | readonly string[], type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(textFile(typeof text === 'string' ? [text] : text, type));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the object URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
