import type { ContactKind } from '../../shared/contract/index';
import { initials } from '../../shared/domain/text';

/** A stable hue per name, so the same person always has the same colour. */
function hueOf(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return h;
}

export function Avatar({ name, kind, large = false }: { name: string; kind: ContactKind; large?: boolean }) {
  const style = { '--hue': String(hueOf(name)) } as React.CSSProperties;
  return (
    <span className={`avatar${kind === 'business' ? ' business' : ''}${large ? ' large' : ''}`} data-hue="" style={style} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
