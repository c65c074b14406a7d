/** Saving generated files through an <a download> link: works in every browser and in Electron's renderer. */

function clickDownload(href: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
}

export function downloadText(fileName: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  clickDownload(url, fileName);
  // The download has started by the next task; the URL can go after a moment.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

