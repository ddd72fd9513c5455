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
import { TRAINING_ENTITIES as E } from '../../../shared/training/model'
import { SEED_AT, SEED_AUTHOR, seedMissing, type SeedItem, type SeedStore } from '../seed'

/** The shipped training content (resources/content), seeded as ../seed.ts describes. */

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

/** Ids of different kinds may repeat, so the stamp is derived from kind and id. */
function item(
  entity: string,
  id: string,
  fields: Record<string, unknown>,
  versions: unknown[] = [],
): SeedItem {
  return { entity, id, stampKey: `${entity}/${id}`, fields, versions }
}

/** Every shipped item, the same on every PC. */
export function seedItems(): SeedItem[] {
  const c = shippedContent()
  return [
    ...c.courses.map((x) =>
      item(E.course, x.id, {
        title: x.title,
        description: x.description,
        audience: x.audience,
        lessonIds: x.lessonIds,
        isDefault: true,
      }),
    ),
    ...c.lessons.map((l) =>
      item(
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
          updatedBy: SEED_AUTHOR.by,
          updatedByName: SEED_AUTHOR.byName,
        },
        [
          {
            id: 'default',
            at: SEED_AT,
            ...SEED_AUTHOR,
            note: '默认课件',
            title: l.title,
            body: l.body,
          },
        ],
      ),
    ),
    ...c.banks.map((b) =>
      item(E.bank, b.id, { title: b.title, description: b.description, isDefault: true }),
    ),
    ...c.questions.map((q) => item(E.question, q.id, { bankId: q.bankId, question: q })),
    ...c.exams.map((t) => item(E.exam, t.id, { template: t })),
    ...c.drills.map((d) => item(E.drill, d.id, { scenario: d })),
  ]
}

/** Loads the shipped items this data folder has never seen (deleted ones stay deleted). */
export function seedTrainingContent(store: SeedStore): Promise<number> {
  return seedMissing(store, seedItems())
}
