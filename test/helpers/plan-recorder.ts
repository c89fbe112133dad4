// A PostgreSQL Db that records the plan of every data-changing statement it runs: each INSERT,
// UPDATE and DELETE is executed as EXPLAIN (ANALYZE, FORMAT JSON), which performs it, and its row
// count is read from the plan. Reads and scripts pass through unchanged.
import type { Db } from '../../src-main/core/db/types';
import { type Sql, sql } from '../../src-main/core/db/sql';

export interface PlanNode {
  'Node Type': string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Join Filter'?: number;
  'Rows Removed by Filter'?: number;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
  [key: string]: unknown;
}

export interface RecordedPlan {
  sql: string;
  plan: PlanNode;
  executionMs: number;
  /** Time PostgreSQL spent compiling the statement's expressions (JIT), when it did. */
  jitMs?: number;
}

interface ExplainDoc {
  Plan: PlanNode;
  'Execution Time': number;
  JIT?: { Timing: { Total: number | { [k: string]: number } } };
}

const DML = /^\s*(WITH\b[\s\S]*?\b)?(INSERT|UPDATE|DELETE)\b/i;

/** Rows the statement changed: what the ModifyTable node's input produced. */
function changedRows(top: PlanNode): number {
  const input = top.Plans?.find((p) => p['Parent Relationship'] === 'Outer' || p['Parent Relationship'] === 'Member');
  return input ? (input['Actual Rows'] ?? 0) * (input['Actual Loops'] ?? 1) : 0;
}

export function recordingDb(db: Db, plans: RecordedPlan[]): Db {
  if (db.engine !== 'postgres') throw new Error('plans are recorded on PostgreSQL only');
  const wrap = (x: Db): Db => ({
    engine: x.engine,
    dialect: x.dialect,
    readOnly: x.readOnly,
    description: x.description,
    all: (query) => x.all(query),
    one: (query) => x.one(query),
    exec: (script) => x.exec(script),
    run: async (query: Sql) => {
      const { text } = query.numbered();
      if (!DML.test(text)) return x.run(query);
      const rows = await x.all<{ 'QUERY PLAN': unknown }>(sql`EXPLAIN (ANALYZE, FORMAT JSON) ${query}`);
      const raw = rows[0]!['QUERY PLAN'];
      const [doc] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as ExplainDoc[];
      const jit = doc!.JIT?.Timing.Total;
      plans.push({ sql: text, plan: doc!.Plan, executionMs: doc!['Execution Time'], jitMs: typeof jit === 'number' ? jit : undefined });
      return changedRows(doc!.Plan);
    },
    transaction: (fn) => x.transaction((tx) => fn(wrap(tx))),
    cancelRunning: () => x.cancelRunning(),
    close: () => x.close(),
  });
  return wrap(db);
}

/** Every node of a plan, depth first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/** Rows a node discarded by its join filter or filter over all its loops (EXPLAIN shows per-loop averages). */
export function rowsRemoved(node: PlanNode): number {
  const loops = node['Actual Loops'] ?? 1;
  return ((node['Rows Removed by Join Filter'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * loops;
}
