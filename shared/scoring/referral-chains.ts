/**
 * Chains of converted referrals for Insights' referral engine. A converted referral is a link from
 * its referrer to the person it brought (a contact, or a name not yet a contact: a leaf). Links
 * form a forest (scoring.md): a chain is one tree with at least one link, counted by its root (a
 * referrer nobody referred), and its length is the number of links from the root down.
 */

/** A converted referral; referredId is null for a name that is not a contact. */
export interface ReferralLink {
  referrerId: number;
  referredId: number | null;
}

export interface ReferralChains {
  /** Trees with at least one link. */
  chains: number;
  /** Links on the longest path from a root down; 0 with no links. */
  longestChain: number;
}

export function referralChains(links: readonly ReferralLink[]): ReferralChains {
  const parentOf = new Map<number, number>();
  for (const l of links) if (l.referredId !== null) parentOf.set(l.referredId, l.referrerId);

  // Links above each referrer and the root it hangs from, memoised. A walk is cut after as many
  // steps as there are links, so a loop (which the API refuses) cannot hang it.
  const depthOf = new Map<number, number>();
  const rootOf = new Map<number, number>();
  const path: number[] = [];
  const resolve = (id: number): void => {
    if (depthOf.has(id)) return;
    path.length = 0;
    let current = id;
    let up = parentOf.get(current);
    while (up !== undefined && !depthOf.has(current) && path.length <= links.length) {
      path.push(current);
      current = up;
      up = parentOf.get(current);
    }
    let depth = depthOf.get(current);
    let root = rootOf.get(current);
    if (depth === undefined || root === undefined) {
      // current is a root (nobody referred it), or where a loop was cut.
      depth = 0;
      root = current;
      depthOf.set(current, 0);
      rootOf.set(current, current);
    }
    for (let k = path.length - 1; k >= 0; k--) {
      depth += 1;
      depthOf.set(path[k]!, depth);
      rootOf.set(path[k]!, root);
    }
  };

  const roots = new Set<number>();
  let longestChain = 0;
  for (const l of links) {
    resolve(l.referrerId);
    roots.add(rootOf.get(l.referrerId)!);
    longestChain = Math.max(longestChain, depthOf.get(l.referrerId)! + 1);
  }
  return { chains: roots.size, longestChain };
}
