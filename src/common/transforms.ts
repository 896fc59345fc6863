/** class-transformer helpers shared by the DTOs: explicit, never implicit conversion. */
type Input = { value: unknown };

export const trim = ({ value }: Input) => (typeof value === 'string' ? value.trim() : value);
export const upper = ({ value }: Input) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;
export const lowerEmail = ({ value }: Input) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
/** Query strings carry text: "2" becomes 2, anything else is left for the validator to refuse. */
export const toInt = ({ value }: Input) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
export const toBool = ({ value }: Input) =>
  value === 'true' ? true : value === 'false' ? false : value;
