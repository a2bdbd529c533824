/** Both drivers answer raw SQL with `{ rows }`; the ORM's generic result type does not say so. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
