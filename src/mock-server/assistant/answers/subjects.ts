// What a named service or usage type is in the dataset, if anything.
import { SERVICES, type CostPart, type ServiceProfile } from '../costData';
import type { CatalogueEntry } from '../serviceCatalogue';

export interface Subject {
  entry: CatalogueEntry;
  /** Where the dataset keeps its cost: the service, or usage types of services. */
  parts: CostPart[];
}

export interface Subjects {
  present: Subject[];
  /** Named, but the account has no spend on them. */
  absent: CatalogueEntry[];
}

export function subjectsOf(named: readonly CatalogueEntry[]): Subjects {
  const present: Subject[] = [];
  const absent: CatalogueEntry[] = [];
  for (const entry of named) {
    const parts = partsOf(entry);
    if (parts.length > 0) present.push({ entry, parts });
    else absent.push(entry);
  }
  return { present, absent };
}

function partsOf(entry: CatalogueEntry): CostPart[] {
  if (!entry.usageOf) {
    const service = profile(entry.name);
    return service ? [{ service, share: 1 }] : [];
  }
  return entry.usageOf.flatMap(([name, usageType]) => {
    const service = profile(name);
    const share = service?.usageTypes.find(([u]) => u === usageType)?.[1];
    return service && share !== undefined ? [{ service, share, usageType }] : [];
  });
}

function profile(name: string): ServiceProfile | undefined {
  return SERVICES.find((s) => s.name === name);
}

/** The services a set of subjects touches, each once. */
export function servicesOf(subjects: readonly Subject[]): ServiceProfile[] {
  return [...new Set(subjects.flatMap((s) => s.parts.map((p) => p.service)))];
}
