// Saves `content` under `filename` as the browser's download: a link to an
// object URL, clicked, and the URL released. The files the API answers
// with the bearer token (an export's content, the practices' catalogue)
// cannot be plain links.
export function saveDownload(content: Blob, filename: string): void {
  const url = URL.createObjectURL(content);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url));
}
