import { z } from 'zod/mini';

/** The JSON inside a fenced `chart` block of assistant content (protocol: content conventions). */
export const chartSpecSchema = z
  .object({
    type: z.enum(['bar', 'line', 'pie']),
    title: z.optional(z.string()),
    unit: z.optional(z.string()),
    categories: z.array(z.string()).check(z.minLength(1)),
    series: z
      .array(
        z.object({
          name: z.string(),
          data: z.array(z.number()),
          /** A forecast or projection is drawn apart from actual spend. */
          kind: z.optional(z.enum(['forecast', 'actual'])),
        }),
      )
      .check(z.minLength(1)),
  })
  .check(
    z.refine((spec) => spec.series.every((s) => s.data.length === spec.categories.length), {
      message: 'every series needs one value per category',
    }),
  );

export type ChartSpec = z.infer<typeof chartSpecSchema>;

/** The chart a block describes, or null when it does not match (it is then shown as code). */
export function parseChartSpec(source: string): ChartSpec | null {
  try {
    const result = chartSpecSchema.safeParse(JSON.parse(source));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
