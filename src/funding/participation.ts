import { ORGANISATION_TYPES } from '../organisations/organisation.entity';
import { REGIONS } from '../organisations/regions';
import { GENDERS } from '../registrations/registration.entity';

/** Tallies for the representativeness view: confirmed participants and funded ones, by dimension. */
export interface Participation {
  confirmed: number;
  funded: number;
  dimensions: { name: string; rows: { key: string; confirmed: number; funded: number }[] }[];
}

/** A confirmed participant, as far as representativeness reads them. */
export interface ConfirmedParticipant {
  id: string;
  organisationId: string;
  gender: string;
  organisation: {
    region: string;
    type: string;
    migrantLed: boolean;
    womenLed: boolean;
    youthLed: boolean;
  };
}

const YES_NO = ['yes', 'no'] as const;
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/**
 * Who is represented: every dimension lists its known keys in a fixed order (zero rows too), then
 * any key met that the list does not know.
 */
export function tallyParticipation(
  confirmed: ConfirmedParticipant[],
  funded: Set<string>,
  returning: Set<string>,
): Participation {
  const dimension = (
    name: string,
    keyOf: (p: ConfirmedParticipant) => string,
    keys: readonly string[],
  ) => {
    const rows = new Map(keys.map((key) => [key, { key, confirmed: 0, funded: 0 }]));
    for (const participant of confirmed) {
      const key = keyOf(participant);
      const row = rows.get(key) ?? { key, confirmed: 0, funded: 0 };
      row.confirmed++;
      if (funded.has(participant.id)) row.funded++;
      rows.set(key, row);
    }
    return { name, rows: [...rows.values()] };
  };
  return {
    confirmed: confirmed.length,
    funded: confirmed.filter((p) => funded.has(p.id)).length,
    dimensions: [
      dimension('region', (p) => p.organisation.region, REGIONS),
      dimension('organisationType', (p) => p.organisation.type, ORGANISATION_TYPES),
      dimension('gender', (p) => p.gender, GENDERS),
      dimension('firstTime', (p) => yesNo(!returning.has(p.organisationId)), YES_NO),
      dimension('migrantLed', (p) => yesNo(p.organisation.migrantLed), YES_NO),
      dimension('womenLed', (p) => yesNo(p.organisation.womenLed), YES_NO),
      dimension('youthLed', (p) => yesNo(p.organisation.youthLed), YES_NO),
    ],
  };
}
