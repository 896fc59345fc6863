import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { appConfig } from '../config';
import { Transactions } from '../database/transactions';
import { ConsultationSession } from '../consultations/consultation-session.entity';
import {
  Consultation,
  ConsultationStatus,
  Eligibility,
} from '../consultations/consultation.entity';
import { ObserverStatus, Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { seedFollowUp2013 } from './demo-follow-up';

const DAY = 86_400_000;

/** The next 12 September (the 2013 consultation's date, or the Monday after a weekend) at least 90 days away, 09:00 in Geneva. */
export function nextConsultationDay(now: Date): Date {
  for (let year = now.getUTCFullYear(); ; year++) {
    const day = new Date(Date.UTC(year, 8, 12, 7, 0));
    const weekday = day.getUTCDay();
    if (weekday === 6 || weekday === 0) day.setUTCDate(day.getUTCDate() + (weekday === 6 ? 2 : 1));
    if (day.getTime() - now.getTime() >= 90 * DAY) return day;
  }
}

const ORGANISATIONS = [
  {
    name: 'Jesuit Refugee Service',
    acronym: 'JRS',
    country: 'IT',
    type: 'faith_based',
    thematicAreas: ['crisis_response', 'migrants_rights'],
    foundedYear: 1980,
    observer: true,
  },
  {
    name: 'Caritas Lebanon',
    acronym: null,
    country: 'LB',
    type: 'faith_based',
    thematicAreas: ['crisis_response', 'labour_migration'],
    foundedYear: 1972,
    observer: true,
  },
  {
    name: 'Norwegian Refugee Council',
    acronym: 'NRC',
    country: 'NO',
    type: 'ngo',
    thematicAreas: ['crisis_response'],
    foundedYear: 1946,
    observer: true,
  },
  {
    name: 'Médecins Sans Frontières',
    acronym: 'MSF',
    country: 'CH',
    type: 'ngo',
    thematicAreas: ['health', 'crisis_response'],
    foundedYear: 1971,
    observer: true,
  },
  {
    name: 'Association des Migrants de Retour du Sénégal',
    acronym: 'AMRS',
    country: 'SN',
    type: 'migrant_association',
    thematicAreas: ['diaspora_development', 'migrants_rights'],
    foundedYear: 2009,
    observer: false,
    migrantLed: true,
  },
] as const;

/** The consultation's texts in its three languages, the same every year. */
const CONSULTATION_TEXTS = {
  title: 'Migrants and Development',
  theme: 'Integrating migration into the post-2015 development agenda',
  description:
    'The annual consultation of the International Organization for Migration with civil society ' +
    'organizations, ahead of the High-Level Dialogue on International Migration and Development. ' +
    'Observer organisations and CSOs working with migrants discuss the post-2015 development agenda, ' +
    "migrants' rights, and migrants caught in crises.",
  language: 'en' as const,
  translations: {
    fr: {
      title: 'Migrants et développement',
      theme: 'Intégrer la migration dans le programme de développement pour l’après-2015',
      description:
        'La consultation annuelle de l’Organisation internationale pour les migrations avec les ' +
        'organisations de la société civile, en amont du Dialogue de haut niveau sur les migrations ' +
        'internationales et le développement. Les organisations observatrices et les OSC qui travaillent ' +
        'avec les migrants débattent du programme de développement pour l’après-2015, des droits des ' +
        'migrants et des migrants pris dans des crises.',
    },
    es: {
      title: 'Migrantes y desarrollo',
      theme: 'Integrar la migración en la agenda para el desarrollo después de 2015',
      description:
        'La consulta anual de la Organización Internacional para las Migraciones con las organizaciones ' +
        'de la sociedad civil, antes del Diálogo de Alto Nivel sobre la Migración Internacional y el ' +
        'Desarrollo. Las organizaciones observadoras y las OSC que trabajan con migrantes debaten la ' +
        'agenda para el desarrollo después de 2015, los derechos de los migrantes y los migrantes ' +
        'atrapados en situaciones de crisis.',
    },
  },
};

/** The three sessions of the 2013 report, at the hours `at` places on the consultation's day. */
function sessionsOf(consultationId: string, at: (hours: number, minutes?: number) => Date) {
  return [
    {
      consultationId,
      title: 'HLD and the integration of migration into the post-2015 development agenda',
      startsAt: at(9, 30),
      endsAt: at(11),
      description:
        'Expectations of the High-Level Dialogue, and six policy areas for migration and development.',
      translations: {
        fr: {
          title:
            'Le Dialogue de haut niveau et l’intégration de la migration dans le programme de développement pour l’après-2015',
          description:
            'Les attentes à l’égard du Dialogue de haut niveau, et six domaines d’action pour la migration et le développement.',
        },
        es: {
          title:
            'El Diálogo de Alto Nivel y la integración de la migración en la agenda para el desarrollo después de 2015',
          description:
            'Las expectativas sobre el Diálogo de Alto Nivel y seis ámbitos de política para la migración y el desarrollo.',
        },
      },
    },
    {
      consultationId,
      title: "Migrants' rights",
      startsAt: at(11, 30),
      endsAt: at(13),
      description:
        'Standards of international law applicable to migrants; alternatives to detention.',
      translations: {
        fr: {
          title: 'Les droits des migrants',
          description:
            'Les normes du droit international applicables aux migrants ; les alternatives à la détention.',
        },
        es: {
          title: 'Los derechos de los migrantes',
          description:
            'Las normas del derecho internacional aplicables a los migrantes; las alternativas a la detención.',
        },
      },
    },
    {
      consultationId,
      title: 'Migrants and crises',
      startsAt: at(14, 30),
      endsAt: at(17, 30),
      description:
        'Lessons from Libya, the DRC, Lebanon and Syria, Afghanistan; the health of migrants in crisis situations.',
      translations: {
        fr: {
          title: 'Les migrants et les crises',
          description:
            'Les leçons de la Libye, de la RDC, du Liban et de la Syrie, de l’Afghanistan ; la santé des migrants en situation de crise.',
        },
        es: {
          title: 'Los migrantes y las crisis',
          description:
            'Las lecciones de Libia, la RDC, el Líbano y Siria, Afganistán; la salud de los migrantes en situaciones de crisis.',
        },
      },
    },
  ];
}

/**
 * On an empty database, the 2013 IOM–CSO consultation "Migrants and Development" as it was
 * (Geneva, 12 September 2013, completed, with its outcome and three action points followed up
 * since), the next annual consultation (published, registration open), and a few organisations.
 */
@Injectable()
export class DemoSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeed.name);

  constructor(
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly organisations: OrganisationsService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    const seeded = await this.transactions.run(async (manager) => {
      const empty =
        (await manager.count(Consultation)) === 0 && (await manager.count(Organisation)) === 0;
      if (!empty) return false;
      await this.seed(manager);
      return true;
    });
    if (seeded) this.logger.log('demo data seeded: "Migrants and Development" in Geneva');
  }

  private async seed(manager: DataSource['manager']): Promise<void> {
    const now = this.clock.now();
    const organisations = await this.seedOrganisations(manager);
    const held = await this.seedConsultation(manager, new Date(Date.UTC(2013, 8, 12, 7, 0)), {
      registrationOpensAt: new Date(Date.UTC(2013, 5, 1)),
      registrationClosesAt: new Date(Date.UTC(2013, 7, 29)),
      fundingDeadline: new Date(Date.UTC(2013, 7, 1)),
      status: ConsultationStatus.Completed,
    });
    const day = nextConsultationDay(now);
    await this.seedConsultation(manager, day, {
      registrationOpensAt: new Date(now.getTime() - DAY),
      registrationClosesAt: new Date(day.getTime() - 14 * DAY),
      fundingDeadline: new Date(day.getTime() - 45 * DAY),
      status: ConsultationStatus.Published,
    });
    await seedFollowUp2013(manager, held, organisations);
  }

  /** "Migrants and Development" in Geneva on `day` (09:00 there), with its three sessions. */
  private async seedConsultation(
    manager: DataSource['manager'],
    day: Date,
    dates: Pick<
      Consultation,
      'registrationOpensAt' | 'registrationClosesAt' | 'fundingDeadline' | 'status'
    >,
  ): Promise<Consultation> {
    const at = (hours: number, minutes = 0) =>
      new Date(day.getTime() + (hours - 9) * 3_600_000 + minutes * 60_000);
    const consultation = await manager.save(
      manager.create(Consultation, {
        ...CONSULTATION_TEXTS,
        venue: 'IOM Headquarters, 17 route des Morillons',
        city: 'Geneva',
        country: 'CH',
        timezone: 'Europe/Zurich',
        startsAt: at(9),
        endsAt: at(17, 30),
        capacity: 50,
        perOrganisationLimit: 3,
        eligibility: Eligibility.Open,
        requiresApproval: false,
        fundingBudgetMinor: 2_000_000,
        fundingCurrency: 'USD',
        ...dates,
      }),
    );
    await manager.insert(ConsultationSession, sessionsOf(consultation.id, at));
    return consultation;
  }

  private async seedOrganisations(manager: DataSource['manager']): Promise<Organisation[]> {
    const saved: Organisation[] = [];
    for (const org of ORGANISATIONS) {
      const organisation = manager.create(Organisation, {
        name: org.name,
        acronym: org.acronym,
        country: org.country,
        type: org.type,
        thematicAreas: [...org.thematicAreas],
        description: '',
        foundedYear: org.foundedYear,
        migrantLed: 'migrantLed' in org ? org.migrantLed : false,
        observerStatus: org.observer ? ObserverStatus.Observer : ObserverStatus.None,
        observerSince: org.observer ? new Date(Date.UTC(2012, 10, 27)) : null,
      });
      saved.push(await this.organisations.saveWithKeys(manager, organisation));
    }
    return saved;
  }
}
