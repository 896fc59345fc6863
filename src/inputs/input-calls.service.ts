import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { compactTranslations, translationIntoOriginal } from '../common/translations';
import { InvalidInputError } from '../common/domain-error';
import { SignedInUser } from '../common/web';
import { ConsultationSession } from '../consultations/consultation-session.entity';
import { ConsultationsService } from '../consultations/consultations.service';
import { Transactions } from '../database/transactions';
import { CreateInputCallDto } from './dto/inputs.dto';
import { CALL_TEXT, InputCall } from './input-call.entity';
import { closesBeforeOpens, sessionNotOfConsultation } from './inputs.errors';

/** Calls for written input: an admin opens one per consultation, or per session of its agenda. */
@Injectable()
export class InputCallsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly consultations: ConsultationsService,
    private readonly audit: AuditService,
  ) {}

  async create(
    admin: SignedInUser,
    consultationId: string,
    input: CreateInputCallDto,
  ): Promise<InputCall> {
    await this.consultations.get(admin, consultationId);
    const language = input.language ?? 'en';
    const into = translationIntoOriginal(language, input.translations);
    if (Object.keys(into).length) throw new InvalidInputError(into);
    const opensAt = new Date(input.opensAt);
    const closesAt = new Date(input.closesAt);
    if (closesAt <= opensAt) throw closesBeforeOpens();
    return this.transactions.run(async (manager) => {
      await this.consultations.lock(manager, consultationId);
      if (
        input.sessionId &&
        !(await manager.existsBy(ConsultationSession, { id: input.sessionId, consultationId }))
      )
        throw sessionNotOfConsultation();
      const call = await manager.save(
        manager.create(InputCall, {
          consultationId,
          sessionId: input.sessionId ?? null,
          title: input.title,
          guidance: input.guidance ?? '',
          language,
          translations: compactTranslations(input.translations, CALL_TEXT),
          opensAt,
          closesAt,
          wordLimit: input.wordLimit,
          eligibility: input.eligibility,
          perOrganisation: input.perOrganisation ?? 1,
          allowAttachment: input.allowAttachment ?? false,
        }),
      );
      await this.audit.record(manager, {
        actorId: admin.id,
        action: 'input_call.created',
        entity: 'input_call',
        entityId: call.id,
        details: { consultationId, title: call.title },
      });
      return call;
    });
  }
}
