/** The scoring module: every figure of the design notes' scoring.md (its edge rules are in the README), pure and clock-free (the caller passes now). */
export * from './arith';
export * from './settings';
export * from './sums';
export * from './contact';
export * from './business';
export * from './sources';
export * from './rfm';
export * from './quadrant';
export * from './lapsing';
export * from './cadence';
export * from './nps';
export * from './today';
