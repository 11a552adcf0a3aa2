import { Upload, UserPlus } from 'lucide-react';
import { Link } from 'wouter';
import { useUiStore } from '../store/ui-store';

/** An empty book's two ways in: add a first contact, or bring them in from another tool's export. */
export function FirstContactActions() {
  const openEditor = useUiStore((s) => s.openEditor);
  return (
    <div className="empty-actions">
      <button type="button" className="btn primary" onClick={() => openEditor({ mode: 'create', kind: 'person' })}>
        <UserPlus size={16} /> Add your first contact
      </button>
      <Link href="/data" className="btn">
        <Upload size={16} /> Import from a file
      </Link>
    </div>
  );
}
