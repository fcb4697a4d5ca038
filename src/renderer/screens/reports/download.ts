/** What an export returns (see src/core/exports/export-file.ts): text, or base64 for binary files. */
export interface DownloadableFile {
  filename: string;
  content_type: string;
  encoding: 'utf8' | 'base64';
  content: string;
}

/**
 * Saves an export as a file through a Blob and a temporary link: works in the browser and in
 * Electron's renderer alike (Electron shows its save dialog or uses the downloads folder).
 */
export function downloadFile(file: DownloadableFile): void {
  const body = file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : file.content;
  const url = URL.createObjectURL(new Blob([body], { type: file.content_type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click ran; the URL can go a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
