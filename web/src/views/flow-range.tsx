/**
 * The time range selector of the flow and stats pages: a labelled select of `RANGES`, which
 * changes the range at once (no button), with a keyboard as with a mouse.
 */
import { RANGES, type Range } from "../stats-range.js";

/** The selector; `id` ties its label to it. */
export function RangeSelect({ id, range, onChange }: { id: string; range: Range; onChange: (range: Range) => void }) {
  return (
    <p class="range">
      <label for={id}>Time range</label>{" "}
      <select id={id} value={range} onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value as Range)}>
        {RANGES.map((choice) => (
          <option value={choice.value}>{choice.label}</option>
        ))}
      </select>
    </p>
  );
}
