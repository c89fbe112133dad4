// The line under a report's title that says what the figures cover: whose, which days, against which
// period, and whether staff were left out (issue 14: stated in each report's header).
import type { ReactNode } from 'react';

export function StaffNote({ excludeStaff }: { excludeStaff: boolean }) {
  return (
    <span
      className={excludeStaff ? 'badge staff-out' : 'badge'}
      data-testid="staff-note"
      title={excludeStaff ? 'Administrators, moderators and superusers are left out of these figures' : 'Administrators, moderators and superusers are counted'}
    >
      {excludeStaff ? 'Staff left out' : 'Staff included'}
    </span>
  );
}

/** `note`: why the figures are empty when the one user asked for is left out (blocked, or staff left out). */
export function ReportHeader({ children, excludeStaff, testId, note }: { children: ReactNode; excludeStaff: boolean; testId: string; note?: string }) {
  return (
    <>
      <p className="report-header" data-testid={testId}>
        {children}
        <StaffNote excludeStaff={excludeStaff} />
      </p>
      {note && (
        <p className="report-note" role="note" data-testid={`${testId}-note`}>
          {note}
        </p>
      )}
    </>
  );
}
