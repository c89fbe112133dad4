export const REPORT: string;
export function checkReport(file?: string): { ok: boolean; summary: string; problems: string[] };
