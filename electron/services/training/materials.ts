import type {
  CourseView,
  LessonDetail,
  LessonDraft,
  LessonHit,
  LessonSummary,
  LessonVersion,
} from '../../../shared/api/training'
import { can } from '../../../shared/auth/permissions'
import type { Person } from '../../../shared/auth/roles'
import {
  COURSE_AUDIENCES,
  LESSON_KINDS,
  type CourseAudience,
  type LessonKind,
} from '../../../shared/content/schemas'
import { materialize, settleText, textEdit } from '../../../shared/data/merge'
import type { Change, Doc } from '../../../shared/data/ops'
import { AppError, ErrorCode } from '../../../shared/errors'
import { SearchIndex } from '../../../shared/search'
import { TRAINING_ENTITIES as E } from '../../../shared/training/model'
import type { CallContext } from '../../context'
import { lessonImageUrls } from './images'
import { live, liveDocs, newId, notFound, personName, setAll, str, type Kit } from './common'

/** Lessons, rule notes and case studies (课件、规则要点、案例分析), organised by course. */
export function materials(kit: Kit) {
  const { store } = kit
  const index = new SearchIndex({ fields: { title: 3, tags: 2, body: 1 }, storeText: true })
  const indexed = new Map<string, string>()

  const kindOf = (d: Doc): LessonKind =>
    (LESSON_KINDS as readonly string[]).includes(str(d, 'kind'))
      ? (d.fields.kind as LessonKind)
      : 'lesson'

  const summary = (d: Doc): LessonSummary => ({
    id: d.id,
    courseId: str(d, 'courseId'),
    title: str(d, 'title'),
    kind: kindOf(d),
    tags: Array.isArray(d.fields.tags) ? (d.fields.tags as string[]) : [],
    minutes: typeof d.fields.minutes === 'number' ? d.fields.minutes : 10,
    isDefault: d.fields.isDefault === true,
    updatedAt: str(d, 'updatedAt'),
    updatedByName: str(d, 'updatedByName') || personName(store, str(d, 'updatedBy')),
    conflict: !!d.conflicts?.body && d.conflicts.body.length > 1,
  })

  const courseView = (c: Doc, lessons: Doc[]): CourseView => {
    const order = Array.isArray(c.fields.lessonIds) ? (c.fields.lessonIds as string[]) : []
    const mine = lessons.filter((l) => str(l, 'courseId') === c.id)
    const rank = (l: Doc) => {
      const i = order.indexOf(l.id)
      return i < 0 ? order.length : i
    }
    mine.sort((a, b) => rank(a) - rank(b) || str(a, 'updatedAt').localeCompare(str(b, 'updatedAt')))
    return {
      id: c.id,
      title: str(c, 'title'),
      description: str(c, 'description'),
      audience: (COURSE_AUDIENCES as readonly string[]).includes(str(c, 'audience'))
        ? (c.fields.audience as CourseAudience)
        : 'all',
      isDefault: c.fields.isDefault === true,
      lessons: mine.map(summary),
    }
  }

  const lessonDoc = (id: string): Doc => {
    const d = store.get(E.lesson, id)
    if (!live(d)) throw notFound('课件')
    return d
  }

  const detail = (person: Person, d: Doc): LessonDetail => {
    const m = materialize<{ versions?: (LessonVersion & { _hlc: string })[] }>(d)
    const body = str(d, 'body')
    return {
      lesson: { ...summary(d), body },
      base: d.clocks.body ?? '',
      versions: (m.versions ?? [])
        .map(({ id, at, by, byName, note, title, body: b }) => ({
          id,
          at,
          by,
          byName,
          note,
          title,
          body: b,
        }))
        .reverse(),
      conflicts:
        d.conflicts?.body && d.conflicts.body.length > 1
          ? d.conflicts.body.map((v) => ({
              hlc: v.hlc,
              byName: personName(store, v.by),
              body: typeof v.value === 'string' ? v.value : '',
            }))
          : [],
      images: lessonImageUrls(
        [body, ...(d.conflicts?.body ?? []).map((v) => String(v.value))].join('\n'),
      ),
      canEdit: can(person, 'training.author'),
    }
  }

  const refreshIndex = () => {
    const seen = new Set<string>()
    for (const d of store.all(E.lesson)) {
      seen.add(d.id)
      if (d.deleted !== undefined) {
        if (indexed.delete(d.id)) index.remove(d.id)
        continue
      }
      if (indexed.get(d.id) === d.updated) continue
      const doc = {
        id: d.id,
        fields: { title: str(d, 'title'), tags: summary(d).tags, body: str(d, 'body') },
      }
      index.add(doc)
      indexed.set(d.id, d.updated)
    }
    for (const id of [...indexed.keys()]) {
      if (!seen.has(id)) {
        indexed.delete(id)
        index.remove(id)
      }
    }
  }

  const versionOf = (person: Person, draft: LessonDraft, note: string) => ({
    id: newId('v'),
    at: new Date(kit.now()).toISOString(),
    by: person.id,
    byName: person.name,
    note,
    title: draft.title,
    body: draft.body,
  })

  return {
    courses(): CourseView[] {
      const lessons = liveDocs(store, E.lesson)
      return liveDocs(store, E.course)
        .sort(
          (a, b) =>
            Number(b.fields.isDefault === true) - Number(a.fields.isDefault === true) ||
            a.id.localeCompare(b.id),
        )
        .map((c) => courseView(c, lessons))
    },

    lesson(person: Person, id: string): LessonDetail {
      return detail(person, lessonDoc(id))
    },

    search(query: string, limit: number): LessonHit[] {
      if (!query.trim()) return []
      refreshIndex()
      return index.search(query, { limit }).flatMap((h) => {
        const d = store.get(E.lesson, h.id)
        if (!live(d)) return []
        const t = h.highlights.find((x) => x.field === 'title')
        const b = h.highlights.find((x) => x.field === 'body')
        const body = str(d, 'body')
        return [
          {
            id: d.id,
            courseId: str(d, 'courseId'),
            title: str(d, 'title'),
            kind: kindOf(d),
            titleRanges: t?.ranges ?? [],
            snippet: b?.snippet ?? body.slice(0, 60),
            snippetRanges: b?.snippetRanges ?? [],
          },
        ]
      })
    },

    async saveLesson(
      person: Person,
      ctx: CallContext,
      input: {
        id?: string | undefined
        base?: string | undefined
        draft: LessonDraft
        note: string
      },
    ): Promise<LessonDetail> {
      const { draft } = input
      if (!live(store.get(E.course, draft.courseId))) {
        throw new AppError(ErrorCode.invalidInput, '所选课程不存在，请刷新后重选', {
          courseId: '课程不存在',
        })
      }
      const at = new Date(kit.now()).toISOString()
      const meta = { updatedAt: at, updatedBy: person.id, updatedByName: person.name }
      if (!input.id) {
        const id = newId('lesson.u.')
        const target: Doc = {
          entity: E.lesson,
          id,
          fields: {},
          clocks: {},
          sets: {},
          created: '',
          updated: '',
        }
        await store.commit(person.id, [
          ...setAll(E.lesson, id, {
            courseId: draft.courseId,
            title: draft.title,
            kind: draft.kind,
            tags: draft.tags,
            minutes: draft.minutes,
            isDefault: false,
            ...meta,
          }),
          textEdit(target, 'body', draft.body),
          {
            entity: E.lesson,
            id,
            kind: 'add',
            field: 'versions',
            value: versionOf(person, draft, input.note || '新建'),
          },
        ])
        await ctx.audit('training.lesson.create', `lesson/${id}`, `新建课件「${draft.title}」`)
        return detail(person, lessonDoc(id))
      }
      const d = lessonDoc(input.id)
      const current = d.clocks.body ?? ''
      if (input.base !== undefined && input.base !== current) {
        throw new AppError(
          ErrorCode.conflict,
          `「${str(d, 'title')}」在您编辑期间已被${str(d, 'updatedByName') || '他人'}修改，请重新打开后再改`,
        )
      }
      const changes: Change[] = []
      // The body carries the version it was edited from: an edit of the same version on another
      // PC shows as a conflict instead of being overwritten (DESIGN §4).
      if (str(d, 'body') !== draft.body)
        changes.push(textEdit(d, 'body', draft.body, current || undefined))
      const plain: Record<string, unknown> = {
        courseId: draft.courseId,
        title: draft.title,
        kind: draft.kind,
        tags: draft.tags,
        minutes: draft.minutes,
      }
      for (const [k, v] of Object.entries(plain)) {
        if (JSON.stringify(d.fields[k] ?? null) !== JSON.stringify(v))
          changes.push(...setAll(E.lesson, d.id, { [k]: v }))
      }
      if (changes.length === 0) return detail(person, d)
      changes.push(...setAll(E.lesson, d.id, meta), {
        entity: E.lesson,
        id: d.id,
        kind: 'add',
        field: 'versions',
        value: versionOf(person, draft, input.note || '修改'),
      })
      await store.commit(person.id, changes)
      await ctx.audit('training.lesson.edit', `lesson/${d.id}`, `修改课件「${draft.title}」`)
      return detail(person, lessonDoc(d.id))
    },

    async settleLesson(person: Person, ctx: CallContext, id: string, winner: string, body: string) {
      const d = lessonDoc(id)
      const heads = d.conflicts?.body
      if (!heads || !heads.some((h) => h.hlc === winner)) {
        throw new AppError(ErrorCode.conflict, '这个冲突已经解决了，请刷新')
      }
      const title = str(d, 'title')
      await store.commit(person.id, [
        ...settleText(d, 'body', winner, body),
        ...setAll(E.lesson, id, {
          updatedAt: new Date(kit.now()).toISOString(),
          updatedBy: person.id,
          updatedByName: person.name,
        }),
        {
          entity: E.lesson,
          id,
          kind: 'add',
          field: 'versions',
          value: versionOf(
            person,
            { courseId: str(d, 'courseId'), title, kind: kindOf(d), body, tags: [], minutes: 1 },
            '解决编辑冲突',
          ),
        },
      ])
      await ctx.audit('training.lesson.settle', `lesson/${id}`, `解决了课件「${title}」的编辑冲突`)
      return detail(person, lessonDoc(id))
    },

    async saveCourse(
      person: Person,
      ctx: CallContext,
      id: string | undefined,
      draft: { title: string; description: string; audience: CourseAudience },
    ): Promise<CourseView> {
      let courseId = id
      if (courseId) {
        if (!live(store.get(E.course, courseId))) throw notFound('课程')
        await store.commit(person.id, setAll(E.course, courseId, draft))
        await ctx.audit('training.course.edit', `course/${courseId}`, `修改课程「${draft.title}」`)
      } else {
        courseId = newId('course.u.')
        await store.commit(
          person.id,
          setAll(E.course, courseId, { ...draft, lessonIds: [], isDefault: false }),
        )
        await ctx.audit(
          'training.course.create',
          `course/${courseId}`,
          `新建课程「${draft.title}」`,
        )
      }
      return courseView(store.get(E.course, courseId)!, liveDocs(store, E.lesson))
    },
  }
}
