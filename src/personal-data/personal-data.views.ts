import { Locale } from '../common/roles';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTextFields } from '../consultations/consultation.views';
import { countryName } from '../organisations/countries';
import { MyDataResponse } from './my-data.responses';
import { PublishedParticipant } from './published-participants.service';

/** /account/data: how many records of each kind the download holds. */
export function myDataPageView(data: MyDataResponse) {
  const additional = Object.entries(data.additional).map(([name, items]) => ({
    key: `my_data.section_${name}`,
    count: items.length,
  }));
  return {
    title: 'my_data.title',
    account: { email: data.account.email, name: data.account.name },
    sections: [
      { key: 'my_data.section_memberships', count: data.memberships.length },
      { key: 'my_data.section_registrations', count: data.registrations.length },
      { key: 'my_data.section_funding', count: data.fundingApplications.length },
      { key: 'my_data.section_submissions', count: data.submissions.length },
      { key: 'my_data.section_accreditation', count: data.accreditationRequests.length },
      { key: 'my_data.section_tokens', count: data.apiTokens.length },
      { key: 'my_data.section_audit', count: data.auditEvents.length },
      ...additional,
    ],
  };
}

/** /consultations/:id/participants: consenting participants by organisation. */
export function participantsPageView(
  consultation: Consultation,
  participants: PublishedParticipant[],
  locale: Locale,
) {
  return {
    title: 'my_data.participants_title',
    consultation: { id: consultation.id, ...consultationTextFields(consultation, locale) },
    participants: participants.map((p) => ({ ...p, countryName: countryName(p.country, locale) })),
  };
}
