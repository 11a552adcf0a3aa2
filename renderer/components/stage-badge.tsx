import type { Stage } from '../../shared/contract/index';

export const STAGE_LABELS: Record<Stage, string> = {
  lead: 'Lead',
  prospect: 'Prospect',
  customer: 'Customer',
  loyal: 'Loyal',
  advocate: 'Advocate',
  inactive: 'Inactive',
};

export const STAGE_HINTS: Record<Stage, string> = {
  lead: 'Someone you have heard of or met, not yet talking about buying',
  prospect: 'Talking about buying',
  customer: 'Has bought from you',
  loyal: 'Buys again and again',
  advocate: 'Sends you other customers',
  inactive: 'Not a relationship you are working on now',
};

export function StageBadge({ stage }: { stage: Stage }) {
  return (
    <span className={`badge stage-${stage}`} title={STAGE_HINTS[stage]}>
      {STAGE_LABELS[stage]}
    </span>
  );
}
