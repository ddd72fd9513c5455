import coursesFile from '../../../resources/content/courses.json'
import drillsFile from '../../../resources/content/drills.json'
import lessonsFile from '../../../resources/content/lessons.json'
import questionsFile from '../../../resources/content/questions.json'
import {
  coursesFileSchema,
  drillsFileSchema,
  lessonsFileSchema,
  questionsFileSchema,
} from '../../../shared/content/schemas'
import { formatHlc } from '../../../shared/data/hlc'
import type { Op } from '../../../shared/data/ops'
import { TRAINING_ENTITIES as E } from '../../../shared/training/model'

/**
 * The shipped training content (resources/content), loaded on first start. As with the default
 * scripts, every PC makes the very same ops (fixed ids, author 'system', device 'seed', a stamp
 * derived from the id at a fixed early time): PCs that sync hold one copy, seeding again changes
 * nothing, and any later edit by a person wins over the shipped text.
 */
export const SEED_DEVICE = 'seed'
export const SEED_WALL = Date.UTC(2026, 0, 1)
const SEED_AT = new Date(SEED_WALL).toISOString()

function idHash(id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h % 1_000_000_000
}

export function shippedContent() {
  const questions = questionsFileSchema.parse(questionsFile)
  return {
    courses: coursesFileSchema.parse(coursesFile).courses,
    lessons: lessonsFileSchema.parse(lessonsFile).lessons,
    banks: questions.banks,
    questions: questions.questions,
    exams: questions.examTemplates,
    drills: drillsFileSchema.parse(drillsFile).drills,
  }
}

function opsFor(
  entity: string,
  id: string,
  fields: Record<string, unknown>,
  adds: Record<string, unknown>[] = [],
): Op[] {
  const wall = SEED_WALL + idHash(`${entity}/${id}`)
  let counter = 0
  const base = { dev: SEED_DEVICE, by: 'system', entity, id }
  return [
    ...Object.entries(fields).map(([field, value]): Op => ({
      ...base,
      hlc: formatHlc(wall, counter++, SEED_DEVICE),
      kind: 'set',
      field,
      value,
    })),
    ...adds.map((value): Op => ({
      ...base,
      hlc: formatHlc(wall, counter++, SEED_DEVICE),
      kind: 'add',
      field: 'versions',
      value,
    })),
  ]
}

/** Every seed op, per entity and id, the same on every PC. */
export function seedOps(): { entity: string; id: string; ops: Op[] }[] {
  const c = shippedContent()
  const out: { entity: string; id: string; ops: Op[] }[] = []
  const push = (entity: string, id: string, ops: Op[]) => out.push({ entity, id, ops })
  for (const x of c.courses) {
    push(
      E.course,
      x.id,
      opsFor(E.course, x.id, {
        title: x.title,
        description: x.description,
        audience: x.audience,
        lessonIds: x.lessonIds,
        isDefault: true,
      }),
    )
  }
  for (const l of c.lessons) {
    push(
      E.lesson,
      l.id,
      opsFor(
        E.lesson,
        l.id,
        {
          courseId: l.courseId,
          title: l.title,
          kind: l.kind,
          body: l.body,
          tags: l.tags,
          minutes: l.minutes,
          isDefault: true,
          updatedAt: SEED_AT,
          updatedBy: 'system',
          updatedByName: '系统',
        },
        [
          {
            id: 'default',
            at: SEED_AT,
            by: 'system',
            byName: '系统',
            note: '默认课件',
            title: l.title,
            body: l.body,
          },
        ],
      ),
    )
  }
  for (const b of c.banks) {
    push(
      E.bank,
      b.id,
      opsFor(E.bank, b.id, { title: b.title, description: b.description, isDefault: true }),
    )
  }
  for (const q of c.questions) {
    push(E.question, q.id, opsFor(E.question, q.id, { bankId: q.bankId, question: q }))
  }
  for (const t of c.exams) push(E.exam, t.id, opsFor(E.exam, t.id, { template: t }))
  for (const d of c.drills) push(E.drill, d.id, opsFor(E.drill, d.id, { scenario: d }))
  return out
}

export interface SeedStore {
  get(entity: string, id: string): unknown
  applyRemote(ops: Op[]): Promise<unknown>
}

/** Loads the shipped items this data folder has never seen (deleted ones stay deleted). */
export async function seedTrainingContent(store: SeedStore): Promise<number> {
  const missing = seedOps().filter((s) => store.get(s.entity, s.id) === undefined)
  if (missing.length === 0) return 0
  await store.applyRemote(missing.flatMap((s) => s.ops))
  return missing.length
}
