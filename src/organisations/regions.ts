/**
 * UN M49 regions of the countries of ISO 3166-1 (United Nations Statistics Division, "Standard
 * country or area codes for statistical use", M49 overview, as published in 2024).
 */
export const REGIONS = ['africa', 'americas', 'asia', 'europe', 'oceania'] as const;
export type Region = (typeof REGIONS)[number];

const MEMBERS: Record<Region, string> = {
  africa:
    'DZ EG LY MA SD TN EH IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW AO CM CF TD CG CD GQ GA ST ' +
    'BW SZ LS NA ZA BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG',
  americas:
    'AI AG AR AW BS BB BZ BM BO BQ BV BR CA KY CL CO CR CU CW DM DO EC SV FK GF GL GD GP GT GY HT HN JM MQ MX MS NI PA PY ' +
    'PE PR BL KN LC MF PM VC SX GS SR TT TC US UM UY VE VG VI',
  asia:
    'KZ KG TJ TM UZ CN HK MO KP JP MN KR TW BN KH ID LA MY MM PH SG TH TL VN AF BD BT IN IR MV NP PK LK AM AZ BH CY GE IQ ' +
    'IL JO KW LB OM QA SA PS SY TR AE YE',
  europe:
    'BY BG CZ HU PL MD RO RU SK UA AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB AL AD BA HR GI GR VA IT MT ME MK PT SM ' +
    'RS SI ES XK AT BE FR DE LI LU MC NL CH',
  oceania: 'AU CX CC HM NZ NF FJ NC PG SB VU GU KI MH FM NR MP PW AS CK PF NU PN WS TK TO TV WF',
};

const regionByCountry = new Map<string, Region>(
  REGIONS.flatMap((region) => MEMBERS[region].split(' ').map((code) => [code, region] as const)),
);

export function regionOf(country: string): Region | undefined {
  return regionByCountry.get(country.toUpperCase());
}

export function knownCountries(): string[] {
  return [...regionByCountry.keys()];
}
