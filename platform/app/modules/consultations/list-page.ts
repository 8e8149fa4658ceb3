import { z } from "zod";

const pageSchema = z.coerce.number().int().min(1).catch(1);

/** The page of a list that the query parameter `param` asks for: 1 when absent or malformed, at most the last page. */
export function requestedPage(url: URL, param: string, total: number, perPage: number): number {
  const asked = pageSchema.parse(url.searchParams.get(param) ?? 1);
  return Math.min(asked, Math.max(1, Math.ceil(total / perPage)));
}
