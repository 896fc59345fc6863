import { EntityManager } from 'typeorm';
import { ConsultationSession } from '../consultations/consultation-session.entity';
import { Consultation } from '../consultations/consultation.entity';
import { ActionPointUpdate, UpdateKind } from '../follow-up/action-point-update.entity';
import { ActionPoint, ActionPointStatus } from '../follow-up/action-point.entity';
import { Outcome } from '../follow-up/outcome.entity';
import { Organisation } from '../organisations/organisation.entity';

/** Section V of the 2013 report, by its three sections (a), (b), (c), shortened. */
const CONCLUSIONS: [number, string][] = [
  [
    0,
    'There was broad recognition of the positive developments since the first High-Level Dialogue on Migration and Development in 2006.',
  ],
  [
    0,
    'The sense of convergence between the IOM position on the HLD and the CSO eight-point agenda was noted.',
  ],
  [
    0,
    'The negative perception of migrants is an impediment to the fuller realisation of the development impact of migration.',
  ],
  [
    1,
    'Migrants must be at the centre of migration discourse; respect of the individual and of his or her rights must be the basis of IOM and CSO actions.',
  ],
  [
    1,
    'States are responsible for implementing their international obligations with regard to migrants; humanitarian agencies and CSOs can only assist them.',
  ],
  [
    1,
    'Human rights are not limited to citizens: they apply to all human beings, including migrants.',
  ],
  [
    2,
    'Efforts to improve the response to migrants in crises must increase, building on the Migration Crisis Operational Framework adopted in 2012.',
  ],
  [2, 'The IOM campaign to improve the public perception of migrants was welcomed.'],
];

const RECOMMENDATIONS = [
  'Institutionalise the annual consultations with CSOs and look into financially supporting their participation, so as to include an even broader range of CSOs.',
  'Develop, beyond the HLD, a shared vision of IOM and CSOs on development and migration, in closer partnership, including on the five-year Action Plan.',
  'Reach a common understanding of the rights-based approach, based on the existing international legal framework.',
  'Improve communication and coordination between IOM and CSOs at all levels.',
  'Share effective practices between IOM and CSO partners in crisis situations and in rights-based access to health care, including upon return home.',
];

const ACTION_POINTS = [
  {
    text: 'IOM and interested CSOs will continue the deliberation on alternatives to detention centres, particularly for migrant women and children.',
    fr: 'L’OIM et les OSC intéressées poursuivront la réflexion sur les alternatives aux centres de détention, en particulier pour les femmes et les enfants migrants.',
    es: 'La OIM y las OSC interesadas continuarán la reflexión sobre las alternativas a los centros de detención, en particular para las mujeres y los niños migrantes.',
    themes: ['migrants_rights'],
    organisations: ['JRS'],
    targetDate: '2014-09-12',
    status: ActionPointStatus.InProgress,
    updates: [
      [
        '2014-03-20',
        'A first working session with JRS and three other CSOs mapped alternatives to detention already in use in Europe.',
        'JRS',
        ActionPointStatus.InProgress,
      ],
      [
        '2014-08-28',
        'Draft guidance on community-based alternatives for families with children shared with CSOs for comment.',
        null,
        null,
      ],
    ],
  },
  {
    text: 'The IOM campaign aimed at improving the public perception of migration and migrants will endeavour to include CSOs wherever possible.',
    fr: 'La campagne de l’OIM visant à améliorer la perception de la migration et des migrants par le public s’efforcera d’associer les OSC chaque fois que possible.',
    es: 'La campaña de la OIM para mejorar la percepción pública de la migración y los migrantes procurará incluir a las OSC siempre que sea posible.',
    themes: ['integration', 'migrants_rights'],
    organisations: ['Caritas Lebanon'],
    targetDate: '2014-06-30',
    status: ActionPointStatus.Completed,
    updates: [
      [
        '2013-12-10',
        'Caritas Lebanon and two diaspora associations joined the campaign’s national launch.',
        'Caritas Lebanon',
        ActionPointStatus.InProgress,
      ],
      [
        '2014-06-25',
        'CSOs co-authored the campaign’s materials in five countries; the campaign report credits them.',
        null,
        ActionPointStatus.Completed,
      ],
    ],
  },
  {
    text: 'Human rights considerations will be further integrated into assisted voluntary return and reintegration, in consultation with CSOs.',
    fr: 'Les droits de l’homme seront mieux pris en compte dans l’aide au retour volontaire et à la réintégration, en consultation avec les OSC.',
    es: 'Los derechos humanos se integrarán mejor en el retorno voluntario asistido y la reintegración, en consulta con las OSC.',
    themes: ['migrants_rights', 'diaspora_development'],
    organisations: ['AMRS'],
    targetDate: '2015-09-12',
    status: ActionPointStatus.Open,
    updates: [],
  },
] as const;

/** The 2013 consultation's outcome, and its three specific action points with their progress. */
export async function seedFollowUp2013(
  manager: EntityManager,
  consultation: Consultation,
  organisations: Organisation[],
): Promise<void> {
  const ordered = await manager.find(ConsultationSession, {
    where: { consultationId: consultation.id },
    order: { startsAt: 'ASC' },
  });
  await manager.save(
    manager.create(Outcome, {
      consultationId: consultation.id,
      summary:
        'Participants recognised the convergence of the IOM and CSO agendas on migration and development, put migrants and their rights at the centre, and agreed to work together on migrants in crises. They adopted three specific action points.',
      language: 'en',
      translations: {},
      conclusions: CONCLUSIONS.map(([session, text]) => ({
        sessionId: ordered[session]?.id ?? null,
        text,
        translations: {},
      })),
      recommendations: RECOMMENDATIONS.map((text) => ({
        text,
        submissionIds: [],
        translations: {},
      })),
      updatedById: null,
    }),
  );
  const named = (key: string) => organisations.find((o) => o.acronym === key || o.name === key)!.id;
  for (const [index, point] of ACTION_POINTS.entries()) {
    const updates = point.updates as readonly (readonly [
      string,
      string,
      string | null,
      ActionPointStatus | null,
    ])[];
    const last = updates.at(-1)?.[0] ?? '2013-09-12';
    const saved = await manager.save(
      manager.create(ActionPoint, {
        reference: `2013-AP${index + 1}`,
        consultationId: consultation.id,
        year: 2013,
        text: point.text,
        language: 'en',
        translations: { fr: { text: point.fr }, es: { text: point.es } },
        responsibleHost: true,
        responsibleOrganisationIds: point.organisations.map(named),
        themes: [...point.themes],
        targetDate: point.targetDate,
        status: point.status,
        completionProposed: false,
        lastActivityAt: new Date(`${last}T12:00:00Z`),
      }),
    );
    for (const [at, text, organisation, status] of updates) {
      await manager.insert(ActionPointUpdate, {
        actionPointId: saved.id,
        at: new Date(`${at}T12:00:00Z`),
        authorId: null,
        organisationId: organisation ? named(organisation) : null,
        kind: UpdateKind.Progress,
        text,
        status,
        link: null,
      });
    }
  }
}
