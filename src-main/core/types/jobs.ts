// Pure data types of jobs and organizations (the plan of create-groups), shared with the renderer through the IPC contract.

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

export interface OrganizationPlanItem {
  /** The group's name: the existing group's own spelling, or the name to create. */
  name: string;
  /** The e-mail domains (lower case; '' for users without one) whose users join this group. */
  domains: string[];
  /** `create`: a new group; `flag`: an existing group gets used_for_analytics; `keep`: already flagged. */
  action: 'create' | 'flag' | 'keep';
  /** The existing group's id (null for a group to create). */
  groupId: number | null;
  /** True when only a plain Django `auth_group` exists and its `askbot_group` row will be added. */
  addsAskbotGroup: boolean;
  /** Users of these domains. */
  users: number;
  /** Users who are not yet members (they gain a membership). */
  newMembers: number;
}

export interface OrganizationPlan {
  groups: OrganizationPlanItem[];
  toCreate: number;
  toFlag: number;
  newMemberships: number;
}

/** What the app's preview shows: the plan, and whether the setting allows running it. */
export interface OrganizationPreviewData extends OrganizationPlan {
  enabled: boolean;
}
