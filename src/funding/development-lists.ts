/**
 * The lists the priority score reads, bundled so that scoring needs nothing from outside.
 *
 * - Least developed countries: United Nations, Committee for Development Policy, "List of Least
 *   Developed Countries (as of December 2024)" — 44 countries, after São Tomé and Príncipe's
 *   graduation in December 2024.
 * - Low-income and lower-middle-income economies: World Bank, "World Bank Country and Lending
 *   Groups", fiscal year 2025 (classification of 1 July 2024, GNI per capita of 2023).
 *
 * Update both together, with their new dates here.
 */
export const LISTS_AS_OF = '2024-12';

export const LEAST_DEVELOPED = new Set(
  (
    'AO BJ BF BI CF TD KM CD DJ ER ET GM GN GW LS LR MG MW ML MR MZ NE RW SN SL SO SS SD TG UG TZ ZM ' +
    'AF BD KH LA MM NP TL YE HT KI SB TV'
  ).split(' '),
);

export const LOW_INCOME = new Set(
  'AF BF BI CF TD CD ER ET GM GW KP LR MG MW ML MZ NE RW SL SO SS SD SY TG UG YE'.split(' '),
);

export const LOWER_MIDDLE_INCOME = new Set(
  (
    'AO BD BJ BT BO CV KH CM KM CG CI DJ EG SZ GH GN HT HN IN IR JO KE KI KG LA LB LS MR FM MN MA MM NP NI NG ' +
    'PK PG PH WS ST SN SB LK TJ TZ TL TN UZ VU VN PS ZM ZW'
  ).split(' '),
);
