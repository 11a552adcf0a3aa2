export function App() {
  return <main>Rapport</main>;
}
