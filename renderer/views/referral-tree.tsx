// Placeholder until referrals land: who referred this contact, whom they brought, and whom those brought.
export function ReferralTreeView(_props: { contactId: number }) {
  return null;
}
