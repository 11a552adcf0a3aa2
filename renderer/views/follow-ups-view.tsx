// Placeholder until this screen lands.
export function FollowUpsView() {
  return (
    <div className="page">
      <h1>Follow-ups</h1>
    </div>
  );
}
