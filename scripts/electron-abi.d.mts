export type Step = [cmd: string, args: string[]];
export const RESTORE_NODE_BUILD: Step;
export function runCommand(cmd: string, args: string[]): number;
export function runThenRestoreNodeBuild(steps: Step[], run?: (cmd: string, args: string[]) => number): number;
