// The pipeline's stages for everything that shows a deal's stage (list
// badges, pickers, filters, the board). Loaded once per workspace with
// pipeline.get and reloaded on demand (the board refreshes it after a move).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultPipelineStages, type Pipeline } from '../../../src-shared/domain/pipeline';
import { useApi } from '../../app/api-context';
import { i18n } from '../../app/i18n';
import { en } from '../../app/locales/en';

interface StagesValue {
  readonly pipeline: Pipeline | null;
  readonly failure: unknown;
  readonly reload: () => Promise<Pipeline | null>;
}

const StagesContext = createContext<StagesValue | null>(null);

export function StagesProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi();
  const [pipeline, setPipeline] = useState<Pipeline | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      const next = await api.invoke('pipeline.get', {});
      setPipeline(next);
      setFailure(null);
      return next;
    } catch (error) {
      setFailure(error);
      return null;
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const value = useMemo<StagesValue>(() => ({ pipeline, failure, reload }), [pipeline, failure, reload]);
  return <StagesContext.Provider value={value}>{children}</StagesContext.Provider>;
}

export function useStages(): StagesValue {
  const value = useContext(StagesContext);
  if (value === null) throw new Error('useStages() outside <StagesProvider>');
  return value;
}

type DefaultStageId = keyof typeof en.stageName;
const defaultNames = new Map<string, string>(defaultPipelineStages.map((stage) => [stage.id, stage.name]));

function isDefaultStage(id: string): id is DefaultStageId {
  return Object.prototype.hasOwnProperty.call(en.stageName, id);
}

/** A stage's name as words (words.ts): its key while it still has its default name, else the name the organisation gave it. */
export function stageWords(stage: { readonly id: string; readonly name: string }): { readonly key: `stageName.${DefaultStageId}` } | string {
  const { id } = stage;
  return isDefaultStage(id) && defaultNames.get(id) === stage.name ? { key: `stageName.${id}` } : stage.name;
}

/** A stage's name: translated while it still has its default name, else as the organisation named it. */
export function stageLabel(stage: { readonly id: string; readonly name: string }): string {
  const words = stageWords(stage);
  return typeof words === 'string' ? words : i18n.t(words.key);
}

/**
 * A stage the pipeline no longer has (a deal, a saved filter or a search hit still names it), by its id: one of the
 * default stages by its default name in the UI language (its id is English: "negotiation" read so in Chinese), any
 * other by its id, the only name left of it.
 */
export function removedStageName(id: string): string {
  const byDefault = defaultPipelineStages.find((stage) => stage.id === id);
  return byDefault === undefined ? id : stageLabel(byDefault);
}

const kindTone = { open: 'accent', won: 'success', lost: 'danger' } as const;

export function StageBadge({ stageId }: { readonly stageId: string }) {
  useTranslation();
  const { pipeline } = useStages();
  const stage = pipeline?.stages.find((candidate) => candidate.id === stageId);
  if (stage === undefined) return <span className="badge" dir="auto">{removedStageName(stageId)}</span>;
  const tone = stage.kind === 'open' && stage.position === 0 ? 'violet' : kindTone[stage.kind];
  return (
    <span className={`badge badge--${tone}`} data-testid="stage-badge" dir="auto">
      {stageLabel(stage)}
    </span>
  );
}
