// xterm's stylesheet goes into the bundle as text and into the page once: the KubeSphere
// host loads only our JS module, it has no stylesheet of ours to link.
import css from '@xterm/xterm/css/xterm.css?inline';

const ID = 'okg-console-xterm-css';

export function ensureXtermStyle(doc: Document = document): void {
  if (doc.getElementById(ID)) return;
  const style = doc.createElement('style');
  style.id = ID;
  style.textContent = css;
  doc.head.appendChild(style);
}
