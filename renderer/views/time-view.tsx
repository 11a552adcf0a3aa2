// Placeholder until this screen lands.
export function TimeView() {
  return (
    <div className="page">
      <h1>Time</h1>
    </div>
  );
}
