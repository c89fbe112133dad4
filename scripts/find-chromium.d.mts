export function findChromium(): Promise<string | undefined>;
export const GET_CHROMIUM: string;
