// Sends a picked file to the main process for import: read in the renderer
// one chunk of at most maxUploadChunkBytes at a time, base64-encoded (so
// every chunk fits the transport's frame limit) and sent with import.upload.
// The renderer never holds more of the file than the chunk on its way (a
// 200 MB file used to be read whole first), and never stores it.
import { maxImportBytes, maxUploadChunkBytes, type ImportFormat } from '../../../src-shared/transfer/import';
import type { FieldVaultApi } from '../../api/bridge-client';

/** Base64 of bytes, built in slices so a 2 MiB chunk does not overflow the argument limit. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const slice = 0x8000;
  for (let offset = 0; offset < bytes.length; offset += slice) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + slice));
  }
  return btoa(binary);
}

/** The part of a picked file (a File is a Blob) the upload reads: its size, and a chunk at a time. */
export type UploadSource = Pick<Blob, 'size' | 'slice'>;

/** The first bytes of a file, enough for detectFormat. */
export async function headOf(file: UploadSource): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, 64).arrayBuffer());
}

/** vCard by extension or by its first line; CSV otherwise. */
export function detectFormat(fileName: string, bytes: Uint8Array): ImportFormat {
  if (/\.(vcf|vcard)$/i.test(fileName)) return 'vcard';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  return /^BEGIN:VCARD/i.test(head) ? 'vcard' : 'csv';
}

export class FileTooLargeError extends Error {
  constructor() {
    super('file too large');
    this.name = 'FileTooLargeError';
  }
}

/**
 * Uploads `file` and returns the upload id; `onSent` reports bytes sent so far. An abort stops it before its next
 * chunk (a chunk on its way finishes) and asks the main process to let go of what it has received; the promise then
 * rejects with the signal's reason.
 */
export async function uploadFile(api: FieldVaultApi, file: UploadSource, onSent?: (sent: number) => void, signal?: AbortSignal): Promise<string> {
  if (file.size > maxImportBytes) throw new FileTooLargeError();
  let uploadId: string | undefined;
  let offset = 0;
  do {
    if (signal?.aborted === true) {
      // Best effort: a lock has forgotten it already, and the main process drops it after its idle hour anyway.
      if (uploadId !== undefined) api.invoke('import.discardUpload', { uploadId }).catch(() => undefined);
      throw signal.reason;
    }
    const end = Math.min(file.size, offset + maxUploadChunkBytes);
    const last = end >= file.size;
    const chunk = toBase64(new Uint8Array(await file.slice(offset, end).arrayBuffer()));
    const answer = await api.invoke('import.upload', { uploadId, chunk, last });
    uploadId = answer.uploadId;
    offset = end;
    onSent?.(offset);
  } while (offset < file.size);
  if (uploadId === undefined) throw new Error('no upload id');
  return uploadId;
}
