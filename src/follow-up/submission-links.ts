import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * The one place where a recommendation's `submissionIds` meet the submissions they answer.
 * Submissions (`src/inputs/`) are being built beside this module: until the two meet, any
 * well-formed uuid is accepted (the DTO checks the form). When they do, this checks that each
 * id is a published submission of the same consultation and raises INVALID_INPUT otherwise.
 */
@Injectable()
export class SubmissionLinks {
  async assertLinkable(
    _manager: EntityManager,
    _consultationId: string,
    _submissionIds: string[],
  ): Promise<void> {
    return;
  }
}
