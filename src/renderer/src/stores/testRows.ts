/** Row factory for the renderer's unit tests (not shipped: only tests import it). */
import type { RowDto } from '../../../shared/dto/row.ts'

/** A pod row with the given name and cells; resourceVersion defaults to '1'. */
export function podRow(name: string, cells: RowDto['cells'] = {}, rv = '1', namespace = 'default'): RowDto {
  return {
    uid: `uid-${namespace}-${name}`,
    kind: 'pods',
    namespace,
    name,
    createdAt: '2024-01-01T00:00:00Z',
    resourceVersion: rv,
    labels: { app: name.split('-')[0] },
    cells
  }
}
