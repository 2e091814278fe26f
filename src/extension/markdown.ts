/** Text from users' files inside Markdown (hovers, tooltips): every Markdown character escaped. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
