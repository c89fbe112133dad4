// Pure data types of jobs and organizations, shared with the renderer through the IPC contract.

export type JobKind = 'compile' | 'createGroups' | 'seedEvents';

export interface JobInfo {
  jobId: string;
  kind: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  step: string;
  done: number;
  total: number;
  startedAt: string;
  finishedAt?: string;
  /** The job's summary (e.g. the compile result) once done. */
  result?: unknown;
  error?: { code: string; message: string; details?: unknown };
}

export interface OrganizationPlanItemData {
  name: string;
  domains: string[];
  action: 'create' | 'flag' | 'keep';
  groupId: number | null;
  addsAskbotGroup: boolean;
  users: number;
  newMembers: number;
}

export interface OrganizationPreviewData {
  enabled: boolean;
  groups: OrganizationPlanItemData[];
  toCreate: number;
  toFlag: number;
  newMemberships: number;
}
