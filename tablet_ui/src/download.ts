// Saving a fetched file (a document, an export) on the tablet. A module of its own: the social
// worker's timeline downloads documents, and it should not carry the returns' code with it.

/** Hands the file to the browser's download (an object URL on a link with `download`). */
export function saveFile(blob: Blob, filename: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  doc.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the click; the URL can go once the event loop moves on.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
