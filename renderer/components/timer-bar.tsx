// Placeholder until the timer lands (issue 3, time): the running timer, visible on every screen.
export function TimerBar() {
  return null;
}
