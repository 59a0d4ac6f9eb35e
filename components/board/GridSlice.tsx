'use client';
/**
 * One group's tiles. The DOM holds the tiles in a stable order (roster order) and the view's
 * order is applied with CSS `order`: when an agent rises to the top, React would otherwise
 * move every node behind it (its keyed diff moves all items after an item brought forward),
 * and the browser would re-create and lay out thousands of tiles. Here a re-order writes one
 * style property per tile that moved (lib/client/order-keys.ts keeps the others' values) and the
 * grid re-places its items; tiles are not touched.
 * Keyboard focus follows the stable roster order, which does not shift under the user.
 */
import { createContext, memo, useContext, useLayoutEffect, useMemo, useRef } from 'react';
import { useFloorStore } from '@/lib/client/floor-provider';
import type { TileFit } from '@/lib/client/tile-fit';
import { TILE_GAP } from '@/lib/client/tile-fit';
import { assignOrderKeys } from '@/lib/client/order-keys';
import { AgentTile } from './AgentTile';

/** Tiles register their element so the slice can set their `order` without re-rendering them. */
export type TileRegistry = Map<string, HTMLElement>;
const RegistryContext = createContext<TileRegistry | null>(null);

export function useTileRegistry(): TileRegistry | null {
  return useContext(RegistryContext);
}

export const GridSlice = memo(function GridSlice({
  ids,
  fit,
  hrefQuery,
}: {
  ids: readonly string[];
  fit: Pick<TileFit, 'cols' | 'tileWidth' | 'tileHeight' | 'fontPx' | 'density'>;
  hrefQuery: string;
}) {
  const store = useFloorStore();
  const registry = useRef<TileRegistry>(new Map()).current;
  const membership = useMemo(() => [...ids].sort().join('\n'), [ids]);
  // DOM order: changes only when the slice's membership changes, not when its order does.
  const stable = useMemo(
    () => (membership ? membership.split('\n') : []).sort((a, b) => store.getRank(a) - store.getRank(b)),
    [membership, store],
  );
  const orderKeys = useRef<Map<string, number>>(new Map());
  useLayoutEffect(() => {
    orderKeys.current = assignOrderKeys(ids, orderKeys.current);
    for (const [id, key] of orderKeys.current) {
      const el = registry.get(id);
      const order = String(key);
      if (el && el.style.order !== order) el.style.order = order;
    }
  }, [ids, stable, registry]);

  return (
    <RegistryContext value={registry}>
      <div
        className="fb-grid"
        data-density={fit.density}
        style={{
          gridTemplateColumns: `repeat(${fit.cols}, ${fit.tileWidth}px)`,
          gridAutoRows: `${fit.tileHeight}px`,
          fontSize: `${fit.fontPx}px`,
          gap: TILE_GAP,
          marginBottom: TILE_GAP,
        }}
      >
        {stable.map((id) => (
          <AgentTile key={id} extno={id} hrefQuery={hrefQuery} density={fit.density} />
        ))}
      </div>
    </RegistryContext>
  );
});
