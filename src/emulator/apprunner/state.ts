// App Runner state of one account in one region. Placeholder shape, extended as actions are
// implemented.

export interface AppRunnerState {
  region: string;
}

export function createAppRunnerState(region: string): AppRunnerState {
  return { region };
}
