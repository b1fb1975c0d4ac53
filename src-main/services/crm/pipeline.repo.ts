// The pipeline_stages table: the organisation's configurable stage list.
// Stages are configuration, not synced records (pipeline sync is a later
// issue); a deal's stage id is checked against this table on every local write.
import { z } from 'zod';
import { PipelineStage } from '../../../src-shared/domain/pipeline';
import type { StageId, UserId } from '../../../src-shared/domain/ids';
import { VaultCorruptError } from '../../../src-shared/ipc/errors';
import type { ReadTx, WriteTx } from '../../vault/connection';
import { fieldError } from './list-query';

const Stages = z.array(PipelineStage);

export async function listStages(tx: ReadTx): Promise<PipelineStage[]> {
  const parsed = Stages.safeParse(await tx.all('SELECT id, name, probability, kind, position FROM pipeline_stages ORDER BY position, id'));
  if (!parsed.success) throw new VaultCorruptError('a pipeline stage does not match the schema');
  return parsed.data;
}

/** The stage, or BAD_INPUT on `field` when the pipeline has no such stage. */
export async function requireStage(tx: ReadTx, id: StageId, field = 'stageId'): Promise<PipelineStage> {
  const stage = (await listStages(tx)).find((candidate) => candidate.id === id);
  if (stage === undefined) throw fieldError(field, 'Unknown pipeline stage', { code: 'unknown_stage' });
  return stage;
}

export async function replaceStages(tx: WriteTx, stages: readonly Omit<PipelineStage, 'position'>[], userId: UserId, now: number): Promise<void> {
  await tx.run('DELETE FROM pipeline_stages');
  for (const [position, stage] of stages.entries()) {
    await tx.run(
      'INSERT INTO pipeline_stages (id, name, probability, kind, position, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [stage.id, stage.name, stage.probability, stage.kind, position, now, userId],
    );
  }
}
