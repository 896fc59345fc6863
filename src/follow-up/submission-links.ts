import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Submission, SubmissionStatus } from '../inputs/submission.entity';
import { submissionNotLinkable } from './follow-up.errors';

/**
 * The one place where a recommendation's `submissionIds` meet the submissions they answer: each
 * must be a published submission of the same consultation (a draft, another consultation's input
 * or an unknown id is refused with 400, naming the recommendation).
 */
@Injectable()
export class SubmissionLinks {
  async assertLinkable(
    manager: EntityManager,
    consultationId: string,
    recommendations: { submissionIds?: string[] }[],
  ): Promise<void> {
    const ids = [...new Set(recommendations.flatMap((r) => r.submissionIds ?? []))];
    if (ids.length === 0) return;
    const found = await manager.find(Submission, {
      select: { id: true },
      where: { id: In(ids), consultationId, status: SubmissionStatus.Published },
    });
    const linkable = new Set(found.map((s) => s.id));
    const index = recommendations.findIndex((r) =>
      (r.submissionIds ?? []).some((id) => !linkable.has(id)),
    );
    if (index >= 0) throw submissionNotLinkable(index);
  }
}
