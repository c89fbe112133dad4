// One Overview figure: its value, and beside it the previous period's value, the change and the change
// in percent. Where the report gives a link, the value (and the previous value) opens what it counts.
import type { FigureData } from '../../../src-preload/contract';
import { type FigureKind, formatChange, formatChangePct, formatFigure } from '../format';
import { useNavigation } from '../stores';

export function ComparisonFigure({
  id,
  label,
  figure,
  kind,
  lowerIsBetter = false,
  hint,
}: {
  /** The figure's key in the report (data-testid `figure-<id>`). */
  id: string;
  label: string;
  figure: FigureData | undefined;
  kind: FigureKind;
  /** Unanswered questions and the time to a first answer are better when they go down. */
  lowerIsBetter?: boolean;
  /** One sentence: what the figure counts (shown on hover). */
  hint?: string;
}) {
  const followLink = useNavigation((s) => s.followLink);
  if (!figure) return null;
  const value = formatFigure(kind, figure.value);
  const previous = formatFigure(kind, figure.previous);
  const change = formatChange(kind, figure.change);
  const pct = formatChangePct(figure.change_pct);
  const direction = !figure.change ? 'flat' : figure.change > 0 !== lowerIsBetter ? 'better' : 'worse';
  const changeText = change === null ? 'no comparison' : pct === null ? change : `${change} (${pct})`;
  return (
    <div className="figure cmp" data-testid={`figure-${id}`} title={hint}>
      <div className="label">{label}</div>
      <div className="value" data-testid={`value-${id}`}>
        {figure.link && figure.value !== null && figure.value !== 0 ? (
          <button type="button" className="link" onClick={() => followLink(figure.link!)} aria-label={`${label}: ${value}, show what it counts`}>
            {value}
          </button>
        ) : (
          value
        )}
      </div>
      <div className="cmp-line">
        <span className={`change ${direction}`} data-testid={`change-${id}`} aria-label={`change from the previous period: ${changeText}`}>
          {changeText}
        </span>
        <span className="muted prev" data-testid={`previous-${id}`}>
          was{' '}
          {figure.previous_link && figure.previous !== null && figure.previous !== 0 ? (
            <button
              type="button"
              className="link"
              onClick={() => followLink(figure.previous_link!)}
              aria-label={`${label} in the previous period: ${previous}, show what it counts`}
            >
              {previous}
            </button>
          ) : (
            <span>{previous}</span>
          )}
        </span>
      </div>
    </div>
  );
}
