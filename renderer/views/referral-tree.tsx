import { Check, GitFork, Pencil, Plus, UserPlus } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { Referral, ReferralTreeNode } from '../../shared/contract/index';
import { api } from '../api/client';
import { useContactsStore } from '../store/contacts-store';
import { STATUS_HINTS, STATUS_LABELS, useReferralsStore } from '../store/referrals-store';
import { useUiStore } from '../store/ui-store';
import { ConvertDialog } from './records/referral-form';
import './referrals.css';

export function ReferralStatusBadge({ status }: { status: Referral['status'] }) {
  return (
    <span className={`badge referral-${status}`} title={STATUS_HINTS[status]}>
      {STATUS_LABELS[status]}
    </span>
  );
}

export type ConvertTarget = { id: number; name: string; contactId: number | null; referrerId: number };

/** Convert a pending referral: at once when it names a contact, else through the link-or-create dialog. */
export function useConvert() {
  const convert = useReferralsStore((s) => s.convert);
  const [target, setTarget] = useState<ConvertTarget | null>(null);
  const start = (t: ConvertTarget) => {
    if (t.contactId !== null) void convert(t.id, null);
    else setTarget(t);
  };
  const dialog = target ? <ConvertDialog referral={target} onClose={() => setTarget(null)} /> : null;
  return { start, dialog };
}

function count(node: ReferralTreeNode): number {
  return node.children.reduce((n, c) => n + 1 + count(c), 0);
}

function TreeItem({ node, parentId, level, onConvert }: { node: ReferralTreeNode; parentId: number; level: number; onConvert(t: ConvertTarget): void }) {
  const markThanked = useReferralsStore((s) => s.markThanked);
  const openRecordEditor = useUiStore((s) => s.openRecordEditor);
  const [expanded, setExpanded] = useState(true);
  const hasChildren = node.children.length > 0;
  const notThanked = node.status === 'converted' && !node.thanked;
  const referralId = node.referralId;
  return (
    <li role="treeitem" aria-level={level} aria-expanded={hasChildren ? expanded : undefined} aria-label={node.status ? `${node.name}, ${node.status}` : node.name} className="tree-item">
      <div className="tree-row">
        {hasChildren ? (
          <button type="button" className="tree-toggle" aria-label={expanded ? `Collapse ${node.name}` : `Expand ${node.name}`} onClick={() => setExpanded(!expanded)}>
            {expanded ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree-toggle" aria-hidden="true" />
        )}
        {node.contactId !== null ? (
          <Link href={`/contacts/${node.contactId}`} className="tree-name">
            {node.name}
          </Link>
        ) : (
          <span className="tree-name" title="Not a contact yet">
            {node.name}
          </span>
        )}
        {node.status && <ReferralStatusBadge status={node.status} />}
        {notThanked && <span className="not-thanked">not thanked yet</span>}
        {referralId !== null && (
          <span className="tree-actions">
            {notThanked && (
              <button type="button" className="btn ghost small" onClick={() => void markThanked(referralId)}>
                <Check size={13} /> Mark thanked
              </button>
            )}
            {node.status === 'pending' && (
              <button type="button" className="btn ghost small" onClick={() => onConvert({ id: referralId, name: node.name, contactId: node.contactId, referrerId: parentId })}>
                <UserPlus size={13} /> Convert
              </button>
            )}
            <button
              type="button"
              className="icon-btn"
              aria-label={`Edit the referral of ${node.name}`}
              title="Edit this referral"
              onClick={() => openRecordEditor({ kind: 'referral', contactId: null, id: referralId })}
            >
              <Pencil size={14} />
            </button>
          </span>
        )}
      </div>
      {hasChildren && expanded && (
        <ul role="group">
          {node.children.map((child) => (
            <TreeItem key={child.referralId} node={child} parentId={node.contactId ?? 0} level={level + 1} onConvert={onConvert} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** Arrow keys move between the tree's rows (Up/Down), Home/End jump; Tab still reaches each action. */
function onTreeKeyDown(e: React.KeyboardEvent<HTMLUListElement>) {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  const names = [...e.currentTarget.querySelectorAll<HTMLElement>('.tree-name[href], .tree-row > .tree-name')];
  if (names.length === 0) return;
  const at = names.findIndex((n) => n === document.activeElement || n.contains(document.activeElement));
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? names.length - 1 : e.key === 'ArrowDown' ? Math.min(names.length - 1, at + 1) : Math.max(0, at - 1);
  e.preventDefault();
  const el = names[next];
  if (el && !el.hasAttribute('href')) el.tabIndex = -1;
  el?.focus();
}

/** The contact page's referral tree: who referred them, whom they brought, and whom those brought. */
export function ReferralTreeView({ contactId }: { contactId: number }) {
  const tree = useReferralsStore((s) => s.trees[contactId]);
  const loadTree = useReferralsStore((s) => s.loadTree);
  const openRecordEditor = useUiStore((s) => s.openRecordEditor);
  const live = useContactsStore((s) => (s.current?.id === contactId ? s.current.deletedAt === null : true));
  const { start, dialog } = useConvert();

  useEffect(() => {
    void loadTree(contactId);
    return api().on('changed', (e) => {
      if (e.area === 'referrals' || e.area === 'contacts') void loadTree(contactId);
    });
  }, [contactId, loadTree]);

  if (!tree || tree.root.contactId !== contactId) return null;
  const add = () => openRecordEditor({ kind: 'referral', contactId, id: null });
  const brought = count(tree.root);

  if (!tree.referredBy && brought === 0) {
    return live ? (
      <div className="referral-tree-empty">
        <button type="button" className="btn ghost small" onClick={add}>
          <Plus size={14} /> Add referral
        </button>
        {dialog}
      </div>
    ) : null;
  }

  return (
    <section className="fact referral-tree" aria-label="Referrals">
      <div className="referral-tree-head">
        <h3 style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
          <GitFork size={14} /> Referrals
        </h3>
        {live && (
          <button type="button" className="btn small" onClick={add}>
            <Plus size={14} /> Add referral
          </button>
        )}
      </div>
      {tree.referredBy && (
        <p className="referred-by">
          Referred by <Link href={`/contacts/${tree.referredBy.contactId}`}>{tree.referredBy.name}</Link>
        </p>
      )}
      {brought > 0 ? (
        <>
          <p className="muted referral-tree-summary">
            Brought {tree.root.children.length} {tree.root.children.length === 1 ? 'person' : 'people'}
            {brought > tree.root.children.length ? `, ${brought} counting whom they brought` : ''}.
          </p>
          <ul role="tree" aria-label={`Whom ${tree.root.name} brought`} className="tree" onKeyDown={onTreeKeyDown}>
            <li role="treeitem" aria-level={1} aria-expanded="true" aria-label={tree.root.name} className="tree-item tree-root">
              <div className="tree-row">
                <span className="tree-name tree-root-name">{tree.root.name}</span>
              </div>
              <ul role="group">
                {tree.root.children.map((child) => (
                  <TreeItem key={child.referralId} node={child} parentId={contactId} level={2} onConvert={start} />
                ))}
              </ul>
            </li>
          </ul>
        </>
      ) : (
        <p className="muted referral-tree-summary">Has not referred anyone yet.</p>
      )}
      {dialog}
    </section>
  );
}
