/**
 * The period and unit vocabulary of the contract, for clients: how a `period` parameter is written and read
 * (`2021`, `2021-Q1`, `2021-03`, `2021-01/2021-03`) and the English names of units. Re-exported from the
 * pure domain modules so the web app imports the contract only.
 */
export {
  formatPeriod,
  monthSpan,
  type Period,
  parsePeriod,
  periodLabelEn,
  periodLabelZh,
  tryParsePeriod,
} from '../../domain/period.js';
export { unitEnglish } from '../../domain/unit.js';
