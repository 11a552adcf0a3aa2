// Placeholder until this screen lands.
export function ReferralsView() {
  return (
    <div className="page">
      <h1>Referrals</h1>
    </div>
  );
}
