import { Foundation1764201600000 } from './1764201600000-Foundation';
import { Accreditation1764288000000 } from './1764288000000-Accreditation';
import { Registrations1764374400000 } from './1764374400000-Registrations';
import { Funding1764460800000 } from './1764460800000-Funding';
import { OutboxRetention1764547200000 } from './1764547200000-OutboxRetention';
import { ApiTokenScope1764633600000 } from './1764633600000-ApiTokenScope';
import { FundingIntegrity1764720000000 } from './1764720000000-FundingIntegrity';
import { ContentTranslations1764806400000 } from './1764806400000-ContentTranslations';
import { Inputs1764892800000 } from './1764892800000-Inputs';
import { FollowUp1764979200000 } from './1764979200000-FollowUp';
import { Workspace1765756800000 } from './1765756800000-Workspace';
import { RegistrationChanges1765065600000 } from './1765065600000-RegistrationChanges';
import { Reminders1765411200000 } from './1765411200000-Reminders';
import { PersonalData1765670400000 } from './1765670400000-PersonalData';
import { RegistrationCounters1765152000000 } from './1765152000000-RegistrationCounters';
import { Letters1765584000000 } from './1765584000000-Letters';
import { Webhooks1765497600000 } from './1765497600000-Webhooks';

import { ListIndexes1765843200000 } from './1765843200000-ListIndexes';
/** Every migration, in order. Add new ones at the end. */
export const migrations = [
  Foundation1764201600000,
  Accreditation1764288000000,
  Registrations1764374400000,
  Funding1764460800000,
  OutboxRetention1764547200000,
  ApiTokenScope1764633600000,
  FundingIntegrity1764720000000,
  ContentTranslations1764806400000,
  Inputs1764892800000,
  FollowUp1764979200000,
  RegistrationChanges1765065600000,
  Reminders1765411200000,
  PersonalData1765670400000,
  RegistrationCounters1765152000000,
  Workspace1765756800000,
  Letters1765584000000,
  Webhooks1765497600000,
  ListIndexes1765843200000,
];
