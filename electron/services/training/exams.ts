import type {
  AttemptSummary,
  AttemptView,
  ExamDraft,
  ExamTemplateView,
  QuestionBankView,
  QuestionImportPreview,
  QuestionStat,
} from '../../../shared/api/training'
import { can } from '../../../shared/auth/permissions'
import type { Person } from '../../../shared/auth/roles'
import { examShortfall } from '../../../shared/content/checks'
import {
  examTemplateSchema,
  questionSchema,
  QUESTION_TYPES,
  type ExamTemplate,
  type QuestionType,
} from '../../../shared/content/schemas'
import { materialize } from '../../../shared/data/merge'
import type { Doc } from '../../../shared/data/ops'
import { AppError, ErrorCode } from '../../../shared/errors'
import {
  answerFits,
  drawExam,
  examDeadline,
  ExamDrawError,
  missRates,
  pastDeadline,
  scoreExam,
  toPaperQuestion,
} from '../../../shared/training/exam'
import { checkQuestionRows, type QuestionImportCheck } from '../../../shared/training/import'
import {
  QUESTION_TYPE_LABELS,
  TRAINING_ENTITIES as E,
  type ExamAnswer,
  type ExamScore,
  type ScoreOverride,
  type StoredQuestion,
} from '../../../shared/training/model'
import { forbidden } from '../../access'
import type { CallContext } from '../../context'
import {
  checkSees,
  iso,
  live,
  liveDocs,
  newId,
  notFound,
  num,
  setAll,
  str,
  type Kit,
} from './common'
import { UNREADABLE_XLSX } from '../sheets'
import { readQuestionSheet } from './files'

type Rules = Pick<ExamTemplate, 'points' | 'passMark'>

/** A template as stored: shipped ones are defaults, those trainers write are not. */
type StoredTemplate = Omit<ExamTemplate, 'isDefault'> & { isDefault: boolean }

/** Points per question when a new template does not say: a paper of the usual mix tops ~100. */
const DEFAULT_POINTS: ExamTemplate['points'] = { single: 3, multiple: 5, truefalse: 2, short: 10 }

/** Theory exams (理论考核): papers drawn per attempt, a server-side clock, scores and overrides. */
export function exams(kit: Kit) {
  const { store } = kit

  const templates = (): StoredTemplate[] =>
    liveDocs(store, E.exam)
      .map((d) => d.fields.template as StoredTemplate)
      .filter((t) => t && typeof t === 'object' && typeof t.id === 'string')

  const template = (id: string): StoredTemplate => {
    const t = templates().find((x) => x.id === id)
    if (!t) throw notFound('考试')
    return t
  }

  const bankQuestions = (): StoredQuestion[] =>
    liveDocs(store, E.question).flatMap((d) => {
      const q = d.fields.question as StoredQuestion | undefined
      return q && typeof q === 'object' ? [{ ...q, id: d.id }] : []
    })

  /** A hand-picked paper, in the trainer's order; a question deleted since is a shortfall. */
  const fixedPaper = (ids: readonly string[]): StoredQuestion[] => {
    const byId = new Map(bankQuestions().map((q) => [q.id, q]))
    const paper = ids.flatMap((qid) => {
      const q = byId.get(qid)
      return q ? [q] : []
    })
    if (paper.length < ids.length) {
      throw new AppError('exam.bank_short', '这份试卷有题目已被删除，请联系讲师重新组卷')
    }
    return paper
  }

  const paperOf = (d: Doc): StoredQuestion[] =>
    Array.isArray(d.fields.paper) ? (d.fields.paper as StoredQuestion[]) : []
  const rulesOf = (d: Doc): Rules => ({
    points: d.fields.points as Rules['points'],
    passMark: num(d, 'passMark') ?? 100,
  })
  const answersOf = (d: Doc): Record<string, ExamAnswer> =>
    d.fields.answers && typeof d.fields.answers === 'object'
      ? (d.fields.answers as Record<string, ExamAnswer>)
      : {}
  const overridesOf = (d: Doc): ScoreOverride[] =>
    materialize<{ overrides?: ScoreOverride[] }>(d).overrides ?? []
  const submitted = (d: Doc) => d.fields.status === 'submitted'
  /** Answered short questions no trainer has confirmed: a blank answer needs no one's eye. */
  const pendingReview = (s: ExamScore, answers: Record<string, ExamAnswer>): number =>
    s.items.filter(
      (i) =>
        i.type === 'short' &&
        !i.override &&
        typeof answers[i.questionId] === 'string' &&
        (answers[i.questionId] as string).trim() !== '',
    ).length

  const scoreOf = (d: Doc): ExamScore | null =>
    submitted(d) ? scoreExam(paperOf(d), answersOf(d), rulesOf(d), overridesOf(d)) : null

  /** Whose attempt at which exam, and whether it is handed in: what every view of it starts with. */
  const attemptOf = (d: Doc) => ({
    id: d.id,
    templateId: str(d, 'templateId'),
    title: str(d, 'title'),
    personId: str(d, 'personId'),
    personName: str(d, 'personName'),
    status: submitted(d) ? ('submitted' as const) : ('open' as const),
  })

  const summary = (d: Doc): AttemptSummary => {
    const s = scoreOf(d)
    const max = paperOf(d).reduce((sum, q) => sum + (rulesOf(d).points[q.type] ?? 0), 0)
    return {
      ...attemptOf(d),
      startedAt: iso(num(d, 'startedAt') ?? 0),
      submittedAt: typeof d.fields.submittedAt === 'string' ? d.fields.submittedAt : null,
      total: s?.total ?? null,
      max,
      percent: s?.percent ?? null,
      passed: s?.passed ?? null,
      overridden: (s?.items ?? []).some((i) => !!i.override),
      pendingReview: s ? pendingReview(s, answersOf(d)) : 0,
    }
  }

  const view = (person: Person, d: Doc): AttemptView => {
    const paper = paperOf(d)
    const rules = rulesOf(d)
    const score = scoreOf(d)
    const answers = answersOf(d)
    return {
      ...attemptOf(d),
      passMark: rules.passMark,
      timeLimitMin: num(d, 'timeLimitMin') ?? 0,
      startedAt: num(d, 'startedAt') ?? 0,
      deadline: num(d, 'deadline') ?? 0,
      now: kit.now(),
      paper: paper.map((q) => toPaperQuestion(q, rules.points[q.type])),
      answers,
      late: d.fields.late === true,
      score,
      review: score
        ? paper.map((q) => ({
            question: q,
            answer: Object.hasOwn(answers, q.id) ? (answers[q.id] as ExamAnswer) : null,
          }))
        : null,
      canOverride: !!score && can(person, 'training.score') && str(d, 'personId') !== person.id,
    }
  }

  const attemptDoc = (id: string): Doc => {
    const d = store.get(E.attempt, id)
    if (!live(d)) throw notFound('考试记录')
    return d
  }

  /** Answers stop at the deadline: an attempt left open past it is handed in as it stands. */
  const closeIfOverdue = async (d: Doc): Promise<Doc> => {
    if (submitted(d) || !pastDeadline(num(d, 'deadline') ?? 0, kit.now())) return d
    await store.commit(
      str(d, 'personId') || 'system',
      setAll(E.attempt, d.id, {
        status: 'submitted',
        submittedAt: iso(kit.now()),
        late: true,
      }),
    )
    return attemptDoc(d.id)
  }

  const closeAllOverdue = async (): Promise<void> => {
    for (const d of liveDocs(store, E.attempt)) await closeIfOverdue(d)
  }

  const ownAttempt = (person: Person, id: string): Doc => {
    const d = attemptDoc(id)
    if (str(d, 'personId') !== person.id) {
      throw new AppError(ErrorCode.forbidden, '这是别人的试卷，只有本人可以作答')
    }
    return d
  }

  const attemptsFor = (person: Person, personId?: string, templateId?: string): Doc[] => {
    if (personId) checkSees(person, personId)
    const all = can(person, 'training.viewAll')
    return liveDocs(store, E.attempt)
      .filter((d) => {
        const owner = str(d, 'personId')
        if (personId ? owner !== personId : !all && owner !== person.id) return false
        return !templateId || str(d, 'templateId') === templateId
      })
      .sort((a, b) => (num(b, 'startedAt') ?? 0) - (num(a, 'startedAt') ?? 0))
  }

  const checkFile = async (name: string, bytesBase64: string): Promise<QuestionImportCheck> => {
    if (!name.toLowerCase().endsWith('.xlsx')) {
      throw new AppError(ErrorCode.invalidInput, '只能导入 .xlsx 文件', { name: '文件类型不支持' })
    }
    const sheet = await readQuestionSheet(new Uint8Array(Buffer.from(bytesBase64, 'base64')))
    if (!sheet) {
      return { questions: [], errors: [], fileError: UNREADABLE_XLSX }
    }
    const banks = liveDocs(store, E.bank).map((d) => ({ id: d.id, title: str(d, 'title') }))
    return checkQuestionRows(sheet, banks, bankQuestions())
  }

  const templateView = (t: StoredTemplate, mine: Doc[]): ExamTemplateView => {
    const last = mine.find((d) => str(d, 'templateId') === t.id)
    return {
      questionIds: t.questionIds ?? [],
      maxTries: t.maxTries ?? 0,
      counts: t.counts ?? 'best',
      triesUsed: mine.filter((d) => str(d, 'templateId') === t.id && submitted(d)).length,
      id: t.id,
      title: t.title,
      description: t.description,
      passMark: t.passMark,
      timeLimitMin: t.timeLimitMin,
      draw: t.draw,
      points: t.points,
      audience: t.audience,
      bankIds: t.bankIds,
      isDefault: t.isDefault === true,
      mine: last ? summary(last) : null,
    }
  }

  return {
    closeAllOverdue,
    /** Which try counts for an exam (a deleted exam: the best). */
    countsOf(templateId: string): 'best' | 'last' {
      return templates().find((t) => t.id === templateId)?.counts ?? 'best'
    },
    summaries: attemptsFor,
    summary,
    scoreOf,
    paperOf,
    submitted,

    list(person: Person): ExamTemplateView[] {
      const mine = attemptsFor(person, person.id)
      return templates().map((t) => templateView(t, mine))
    },

    async save(person: Person, ctx: CallContext, draft: ExamDraft): Promise<ExamTemplateView> {
      const old = draft.id ? template(draft.id) : null
      const id = old?.id ?? newId('exam.u.')
      const candidate = {
        id,
        title: draft.title,
        // The shipped schema wants a description; a trainer may leave it out.
        description: draft.description || draft.title,
        passMark: draft.passMark,
        timeLimitMin: draft.timeLimitMin,
        draw: draft.draw,
        points: draft.points ?? old?.points ?? DEFAULT_POINTS,
        bankIds: [...new Set(draft.bankIds)],
        audience: draft.audience,
        ...(draft.questionIds.length > 0 ? { questionIds: [...new Set(draft.questionIds)] } : {}),
        maxTries: draft.maxTries,
        counts: draft.counts,
        // Only to satisfy the shipped schema, the one definition of a well-formed template.
        isDefault: true,
      }
      const parsed = examTemplateSchema.safeParse(candidate)
      if (!parsed.success) {
        const first = parsed.error.issues[0]
        throw new AppError(ErrorCode.invalidInput, first?.message ?? '考试设置不完整', {
          [first?.path.map(String).join('.') || 'draw']: first?.message ?? '考试设置不完整',
        })
      }
      const known = new Set(liveDocs(store, E.bank).map((d) => d.id))
      const unknown = candidate.bankIds.filter((b) => !known.has(b))
      if (unknown.length > 0) {
        throw new AppError(ErrorCode.invalidInput, `题库不存在：${unknown.join('、')}`, {
          bankIds: '所选题库不存在，请刷新后重选',
        })
      }
      if (candidate.questionIds) {
        const have = new Set(bankQuestions().map((q) => q.id))
        const gone = candidate.questionIds.filter((q) => !have.has(q))
        if (gone.length > 0) {
          throw new AppError(
            ErrorCode.invalidInput,
            `试卷里有 ${gone.length} 道题已不在题库中，请重新选题`,
            { questionIds: '有题目已被删除，请重新选题' },
          )
        }
      }
      const short = candidate.questionIds ? {} : examShortfall(parsed.data, bankQuestions())
      const lacking = QUESTION_TYPES.filter((q) => (short[q] ?? 0) > 0)
      if (lacking.length > 0) {
        const pool = (type: QuestionType) =>
          bankQuestions().filter((q) => q.type === type && candidate.bankIds.includes(q.bankId))
            .length
        const fields: Record<string, string> = {}
        const parts = lacking.map((q) => {
          const text = `${QUESTION_TYPE_LABELS[q]}要抽 ${draft.draw[q]} 道，所选题库只有 ${pool(q)} 道，还差 ${short[q]} 道`
          fields[`draw.${q}`] = text
          return text
        })
        throw new AppError(
          ErrorCode.invalidInput,
          `题库题目不够：${parts.join('；')}。请减少抽题数或先导入题目`,
          fields,
        )
      }
      const stored: StoredTemplate = { ...parsed.data, isDefault: old?.isDefault ?? false }
      await store.commit(
        person.id,
        setAll(E.exam, id, old ? { template: stored } : { template: stored, isDefault: false }),
      )
      await ctx.audit(
        old ? 'training.exam.edit' : 'training.exam.create',
        `exam/${id}`,
        `${old ? '修改' : '新建'}考试「${stored.title}」`,
      )
      return templateView(stored, attemptsFor(person, person.id))
    },

    async start(person: Person, ctx: CallContext, templateId: string): Promise<AttemptView> {
      const t = template(templateId)
      const mine = attemptsFor(person, person.id, t.id)
      // One open paper per exam and person: coming back continues it, never draws another.
      for (const d of mine) {
        if (submitted(d)) continue
        const still = await closeIfOverdue(d)
        if (!submitted(still)) return view(person, still)
      }
      const used = attemptsFor(person, person.id, t.id).filter(submitted).length
      if ((t.maxTries ?? 0) > 0 && used >= (t.maxTries ?? 0)) {
        throw new AppError(
          'exam.no_tries',
          `「${t.title}」每人可考 ${t.maxTries} 次，您已用完；如需补考请联系讲师`,
        )
      }
      const id = newId('attempt.')
      let paper: StoredQuestion[]
      try {
        // The attempt's own id seeds the draw: every attempt gets its own paper, reproducibly.
        paper = t.questionIds?.length ? fixedPaper(t.questionIds) : drawExam(t, bankQuestions(), id)
      } catch (err) {
        if (!(err instanceof ExamDrawError)) throw err
        const lack = Object.entries(err.shortfall)
          .map(([type, n]) => `${QUESTION_TYPE_LABELS[type as QuestionType]}还差 ${n} 道`)
          .join('，')
        throw new AppError('exam.bank_short', `题库题目不够抽一份试卷：${lack}。请联系讲师补充题目`)
      }
      const startedAt = kit.now()
      await store.commit(
        person.id,
        setAll(E.attempt, id, {
          templateId: t.id,
          title: t.title,
          audience: t.audience,
          personId: person.id,
          personName: person.name,
          paper,
          points: t.points,
          passMark: t.passMark,
          timeLimitMin: t.timeLimitMin,
          startedAt,
          deadline: examDeadline(startedAt, t.timeLimitMin),
          status: 'open',
          answers: {},
          late: false,
        }),
      )
      await ctx.audit('training.exam.start', `examAttempt/${id}`, `开始考试「${t.title}」`)
      return view(person, attemptDoc(id))
    },

    async get(person: Person, id: string): Promise<AttemptView> {
      const d = attemptDoc(id)
      checkSees(person, str(d, 'personId'))
      return view(person, await closeIfOverdue(d))
    },

    async saveAnswer(person: Person, attemptId: string, questionId: string, answer: ExamAnswer) {
      let d = ownAttempt(person, attemptId)
      if (submitted(d)) throw new AppError('exam.submitted', '这份试卷已经交卷，不能再改答案')
      d = await closeIfOverdue(d)
      if (submitted(d)) {
        throw new AppError('exam.time_up', '考试时间已到，试卷已自动交卷；时间到以后的答案不计分')
      }
      const q = paperOf(d).find((x) => x.id === questionId)
      if (!q) throw new AppError(ErrorCode.invalidInput, '这道题不在您的试卷上')
      if (!answerFits(q, answer)) throw new AppError(ErrorCode.invalidInput, '答案的格式与题型不符')
      await store.commit(
        person.id,
        setAll(E.attempt, d.id, { answers: { ...answersOf(d), [questionId]: answer } }),
      )
      return { saved: true as const, deadline: num(d, 'deadline') ?? 0, now: kit.now() }
    },

    async submit(
      person: Person,
      ctx: CallContext,
      attemptId: string,
      answers: Record<string, ExamAnswer> | undefined,
    ): Promise<AttemptView> {
      let d = ownAttempt(person, attemptId)
      if (submitted(d)) return view(person, d)
      d = await closeIfOverdue(d)
      if (!submitted(d)) {
        const merged = { ...answersOf(d) }
        for (const q of paperOf(d)) {
          const a = answers && Object.hasOwn(answers, q.id) ? answers[q.id] : undefined
          if (a !== undefined && answerFits(q, a)) merged[q.id] = a
        }
        await store.commit(
          person.id,
          setAll(E.attempt, d.id, {
            answers: merged,
            status: 'submitted',
            submittedAt: iso(kit.now()),
          }),
        )
        d = attemptDoc(d.id)
      }
      const s = scoreOf(d)
      await ctx.audit(
        'training.exam.submit',
        `examAttempt/${d.id}`,
        `交卷「${str(d, 'title')}」：${s?.total ?? 0}/${s?.max ?? 0} 分${d.fields.late === true ? '（超时自动交卷）' : ''}`,
      )
      return view(person, d)
    },

    async override(
      person: Person,
      ctx: CallContext,
      input: { attemptId: string; questionId: string; points: number; reason: string },
    ): Promise<AttemptView> {
      const d = attemptDoc(input.attemptId)
      if (str(d, 'personId') === person.id) {
        throw new AppError(ErrorCode.forbidden, '不能给自己的试卷改分，请请其他讲师或主管评分')
      }
      if (!submitted(d)) throw new AppError('exam.open', '学员还没交卷，交卷后才能改分')
      const q = paperOf(d).find((x) => x.id === input.questionId)
      if (!q) throw new AppError(ErrorCode.invalidInput, '这道题不在这份试卷上')
      const max = rulesOf(d).points[q.type]
      if (input.points > max) {
        throw new AppError(ErrorCode.invalidInput, `分数不能超过本题满分 ${max} 分`, {
          points: `最多 ${max} 分`,
        })
      }
      const before = scoreOf(d)
      const o: ScoreOverride & { id: string } = {
        id: newId('o.'),
        questionId: q.id,
        points: input.points,
        reason: input.reason,
        by: person.id,
        byName: person.name,
        at: iso(kit.now()),
      }
      await store.commit(person.id, [
        { entity: E.attempt, id: d.id, kind: 'add', field: 'overrides', value: o },
      ])
      const after = attemptDoc(d.id)
      const item = before?.items.find((i) => i.questionId === q.id)
      await ctx.audit(
        'training.exam.override',
        `examAttempt/${d.id}`,
        `${str(d, 'personName')}「${str(d, 'title')}」第 ${paperOf(d).indexOf(q) + 1} 题由 ${item?.earned ?? 0} 分改为 ${input.points} 分：${input.reason}`,
      )
      return view(person, after)
    },

    questionStats(templateId?: string): QuestionStat[] {
      const done = liveDocs(store, E.attempt).filter(
        (d) => submitted(d) && (!templateId || str(d, 'templateId') === templateId),
      )
      const byId = new Map<string, StoredQuestion>()
      for (const d of done) for (const q of paperOf(d)) byId.set(q.id, q)
      return missRates(done.map((d) => scoreOf(d) as ExamScore)).map((r) => ({
        ...r,
        stem: byId.get(r.questionId)?.stem ?? '',
        type: byId.get(r.questionId)?.type ?? 'single',
      }))
    },

    banks(): QuestionBankView[] {
      const qs = bankQuestions()
      return liveDocs(store, E.bank).map((d) => ({
        id: d.id,
        title: str(d, 'title'),
        description: str(d, 'description'),
        questions: qs.filter((q) => q.bankId === d.id).length,
      }))
    },

    async saveBank(
      person: Person,
      ctx: CallContext,
      input: { id?: string | undefined; title: string; description: string },
    ): Promise<QuestionBankView> {
      const old = input.id ? store.get(E.bank, input.id) : undefined
      if (input.id && !live(old)) throw notFound('题库')
      const clash = liveDocs(store, E.bank).find(
        (d) => d.id !== input.id && str(d, 'title') === input.title,
      )
      if (clash) {
        throw new AppError(ErrorCode.invalidInput, `已有同名题库「${input.title}」`, {
          title: '题库名称已存在',
        })
      }
      const id = old?.id ?? newId('bank.u.')
      await store.commit(
        person.id,
        setAll(E.bank, id, {
          title: input.title,
          description: input.description,
          ...(old ? {} : { isDefault: false }),
        }),
      )
      await ctx.audit(
        old ? 'training.bank.edit' : 'training.bank.create',
        `questionBank/${id}`,
        `${old ? '修改' : '新建'}题库「${input.title}」`,
      )
      const v = this.banks().find((b) => b.id === id)
      if (!v) throw notFound('题库')
      return v
    },

    async saveQuestion(
      person: Person,
      ctx: CallContext,
      input: {
        id?: string | undefined
        bankId: string
        question: {
          type: QuestionType
          stem: string
          explanation: string
          options?: string[] | undefined
          answer: unknown
          tags: string[]
        }
      },
    ): Promise<StoredQuestion> {
      if (!live(store.get(E.bank, input.bankId))) throw notFound('题库')
      const old = input.id ? store.get(E.question, input.id) : undefined
      if (input.id && !live(old)) throw notFound('题目')
      const id = old?.id ?? newId('q.u.')
      const { options, ...rest } = input.question
      const candidate = {
        ...rest,
        ...(rest.type === 'single' || rest.type === 'multiple' ? { options: options ?? [] } : {}),
        id,
        bankId: input.bankId,
        // Only to satisfy the shipped schema, the one definition of a well-formed question.
        isDefault: true,
      }
      const parsed = questionSchema.safeParse(candidate)
      if (!parsed.success) {
        const first = parsed.error.issues[0]
        const where = first?.path.map(String).join('.') || 'question'
        const text =
          where === 'options'
            ? '选择题至少要有 2 个选项'
            : where.startsWith('answer')
              ? rest.type === 'short'
                ? '请至少填写一个关键词，且关键词分值之和不低于满分'
                : '请选出正确答案'
              : (first?.message ?? '题目不完整')
        throw new AppError(ErrorCode.invalidInput, text, { [`question.${where}`]: text })
      }
      const stored = { ...parsed.data, isDefault: false } as StoredQuestion
      await store.commit(
        person.id,
        setAll(E.question, id, { bankId: input.bankId, question: stored }),
      )
      await ctx.audit(
        old ? 'training.question.edit' : 'training.question.create',
        `question/${id}`,
        `${old ? '修改' : '新建'}${QUESTION_TYPE_LABELS[stored.type]}：${stored.stem.slice(0, 30)}`,
      )
      return stored
    },

    async deleteQuestion(person: Person, ctx: CallContext, id: string) {
      const d = store.get(E.question, id)
      if (!live(d)) throw notFound('题目')
      const inPaper = templates().find((t) => t.questionIds?.includes(id))
      if (inPaper) {
        throw new AppError(
          ErrorCode.conflict,
          `这道题在固定试卷「${inPaper.title}」里，请先从试卷中移除`,
        )
      }
      await store.commit(person.id, [{ entity: E.question, id, kind: 'del' }])
      await ctx.audit('training.question.delete', `question/${id}`, '删除题目')
      return { deleted: true as const }
    },

    questions(bankId?: string): StoredQuestion[] {
      return bankQuestions().filter((q) => !bankId || q.bankId === bankId)
    },

    async preview(name: string, bytesBase64: string): Promise<QuestionImportPreview> {
      const check = await checkFile(name, bytesBase64)
      const byType = Object.fromEntries(QUESTION_TYPES.map((t) => [t, 0])) as Record<
        QuestionType,
        number
      >
      for (const q of check.questions) byType[q.question.type]++
      return {
        count: check.questions.length,
        byType,
        errors: check.errors,
        fileError: check.fileError ?? null,
      }
    },

    async import(person: Person, ctx: CallContext, name: string, bytesBase64: string) {
      if (!can(person, 'training.author')) throw forbidden('training.author')
      const check = await checkFile(name, bytesBase64)
      if (check.fileError) throw new AppError(ErrorCode.invalidInput, check.fileError)
      if (check.errors.length > 0) {
        const rows = [...new Set(check.errors.map((e) => e.row))]
        const fields: Record<string, string> = {}
        for (const e of check.errors)
          fields[`row${e.row}.${e.column}`] = `第 ${e.row} 行「${e.column}」：${e.message}`
        throw new AppError(
          ErrorCode.invalidInput,
          `第 ${rows.slice(0, 10).join('、')}${rows.length > 10 ? ' 等' : ''} 行有问题，未导入任何题目`,
          fields,
        )
      }
      const changes = check.questions.flatMap(({ question }) => {
        const id = newId('q.u.')
        return setAll(E.question, id, { bankId: question.bankId, question: { ...question, id } })
      })
      // One commit: the whole file lands in the journal together, or none of it.
      await store.commit(person.id, changes)
      await ctx.audit(
        'training.questions.import',
        'question/*',
        `从 ${name} 导入 ${check.questions.length} 道题`,
      )
      return { imported: check.questions.length }
    },
  }
}
