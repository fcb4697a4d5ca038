import type { Brand } from '../../../core/programs/brand.js';
import type { Program } from '../../../core/programs/program.js';
import { useQuery } from '../../hooks/use-command.js';

/** The face a card is printed with: its design's, or its program's brand. */
export function useCardBrand(designId: string | null | undefined, program: Program | undefined): Brand | undefined {
  const designs = useQuery('design-list', designId && program ? { program: program.id } : null, ['program']);
  const design = designId ? designs.data?.data.find((d) => d.id === designId) : undefined;
  return design?.face ?? program?.brand;
}
