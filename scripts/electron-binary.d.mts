export const CLI_HINT: string;
export function atLeast(version: string, minimum: string): boolean;
export function nodeProblem(packageJson: { engines?: { node?: string } }, nodeVersion?: string): string | undefined;
export function electronBinaryPresent(electronDir: string): boolean;
export function ensureElectronBinary(electronDir: string, env?: NodeJS.ProcessEnv): string | undefined;
