import {
  Alert,
  App,
  Button,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CourseView, LessonDetail, LessonHit } from '@shared/api/training'
import { LESSON_KINDS, type LessonKind } from '@shared/content/schemas'
import { kefu } from '../../api'
import { useCan } from '../auth/store'
import { LessonBody } from './LessonBody'
import { failure, timeText, useTraining } from './store'

const KIND_COLORS: Record<LessonKind, string> = {
  lesson: 'blue',
  rule_note: 'gold',
  case_study: 'purple',
}

/** Courses and their lessons, search, reading, and (for authors) writing new versions. */
export function Materials() {
  const { t } = useTranslation('training')
  const { lessonId, openLesson, rev } = useTraining()
  const canAuthor = useCan('training.author')
  const [courses, setCourses] = useState<CourseView[]>([])
  const [query, setQuery] = useState('')
  const [hits, setHits] = useState<LessonHit[] | null>(null)
  const [editing, setEditing] = useState<{ detail: LessonDetail | null; courseId: string } | null>(
    null,
  )
  const [newCourse, setNewCourse] = useState(false)

  useEffect(() => {
    void kefu.training.courses({}).then((c) => {
      setCourses(c)
      if (!useTraining.getState().lessonId && c[0]?.lessons[0]) openLesson(c[0].lessons[0].id)
    })
  }, [rev, openLesson])

  const search = async (q: string) => {
    setQuery(q)
    setHits(q.trim() ? await kefu.training.searchLessons({ query: q }) : null)
  }

  return (
    <div className="training-materials">
      <div className="training-side">
        <Input.Search
          allowClear
          placeholder={t('materials.search')}
          value={query}
          onChange={(e) => void search(e.target.value)}
          data-testid="lesson-search"
        />
        {hits ? (
          <List
            size="small"
            dataSource={hits}
            locale={{ emptyText: t('materials.noHits') }}
            renderItem={(h) => (
              <List.Item
                className={h.id === lessonId ? 'is-active' : ''}
                onClick={() => openLesson(h.id)}
                data-testid="lesson-hit"
              >
                <List.Item.Meta title={h.title} description={h.snippet} />
              </List.Item>
            )}
          />
        ) : (
          courses.map((c) => (
            <div key={c.id} className="training-course" data-testid="course">
              <div className="training-course-title">
                <Typography.Text strong>{c.title}</Typography.Text>
                <Tag>{t(`audience.${c.audience}`)}</Tag>
                {canAuthor && (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => setEditing({ detail: null, courseId: c.id })}
                    data-testid="lesson-new"
                  >
                    {t('materials.newLesson')}
                  </Button>
                )}
              </div>
              {c.lessons.map((l) => (
                <div
                  key={l.id}
                  className={`training-lesson-link${l.id === lessonId ? ' is-active' : ''}`}
                  onClick={() => openLesson(l.id)}
                  data-testid="lesson-link"
                >
                  <Tag color={KIND_COLORS[l.kind]}>{t(`kind.${l.kind}`)}</Tag>
                  {l.title}
                  {l.conflict && <Tag color="red">{t('materials.conflict')}</Tag>}
                </div>
              ))}
            </div>
          ))
        )}
        {canAuthor && (
          <Button block onClick={() => setNewCourse(true)} data-testid="course-new">
            {t('materials.newCourse')}
          </Button>
        )}
      </div>
      <div className="training-main">
        {lessonId ? (
          <LessonPane
            id={lessonId}
            rev={rev}
            onEdit={(d) => setEditing({ detail: d, courseId: d.lesson.courseId })}
          />
        ) : (
          <Empty description={t('materials.pick')} />
        )}
      </div>
      {editing && (
        <LessonEditor
          courses={courses}
          detail={editing.detail}
          courseId={editing.courseId}
          onClose={(id) => {
            setEditing(null)
            if (id) openLesson(id)
          }}
        />
      )}
      {newCourse && <CourseEditor onClose={() => setNewCourse(false)} />}
    </div>
  )
}

function LessonPane({
  id,
  rev,
  onEdit,
}: {
  id: string
  rev: number
  onEdit(d: LessonDetail): void
}) {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const [d, setD] = useState<LessonDetail | null>(null)
  const [history, setHistory] = useState(false)

  useEffect(() => {
    let live = true
    kefu.training
      .lesson({ id })
      .then((x) => live && setD(x))
      .catch(() => live && setD(null))
    return () => {
      live = false
    }
  }, [id, rev])

  if (!d) return null
  const settle = async (hlc: string, body: string) => {
    try {
      setD(await kefu.training.settleLesson({ id, winner: hlc, body }))
      message.success(t('materials.settled'))
    } catch (err) {
      message.error(failure(err).message)
    }
  }
  return (
    <article className="training-lesson" data-testid="lesson-view">
      <Space align="center" wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="lesson-title">
          {d.lesson.title}
        </Typography.Title>
        <Tag color={KIND_COLORS[d.lesson.kind]}>{t(`kind.${d.lesson.kind}`)}</Tag>
        <Typography.Text type="secondary">
          {t('materials.meta', {
            minutes: d.lesson.minutes,
            name: d.lesson.updatedByName,
            at: timeText(d.lesson.updatedAt),
          })}
        </Typography.Text>
        <Button size="small" onClick={() => setHistory(true)} data-testid="lesson-history">
          {t('materials.versions', { count: d.versions.length })}
        </Button>
        {d.canEdit && (
          <Button size="small" type="primary" onClick={() => onEdit(d)} data-testid="lesson-edit">
            {t('materials.edit')}
          </Button>
        )}
      </Space>
      {d.conflicts.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ margin: '12px 0' }}
          title={t('materials.conflictTitle')}
          description={
            <List
              size="small"
              dataSource={d.conflicts}
              renderItem={(c) => (
                <List.Item
                  actions={
                    d.canEdit
                      ? [
                          <Button
                            key="keep"
                            size="small"
                            onClick={() => void settle(c.hlc, c.body)}
                          >
                            {t('materials.keepThis')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta title={c.byName} description={c.body.slice(0, 120)} />
                </List.Item>
              )}
            />
          }
        />
      )}
      <LessonBody body={d.lesson.body} images={d.images} />
      <Drawer
        open={history}
        onClose={() => setHistory(false)}
        size={560}
        title={t('materials.versionsTitle')}
      >
        <List
          dataSource={d.versions}
          renderItem={(v, i) => (
            <List.Item data-testid="lesson-version">
              <List.Item.Meta
                title={`${i === 0 ? t('materials.current') : ''}${timeText(v.at)} · ${v.byName}${v.note ? ` · ${v.note}` : ''}`}
                description={
                  <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }}>
                    {v.body}
                  </Typography.Paragraph>
                }
              />
            </List.Item>
          )}
        />
      </Drawer>
    </article>
  )
}

interface LessonForm {
  courseId: string
  title: string
  kind: LessonKind
  tags: string[]
  minutes: number
  body: string
  note?: string
}

function LessonEditor({
  courses,
  detail,
  courseId,
  onClose,
}: {
  courses: CourseView[]
  detail: LessonDetail | null
  courseId: string
  onClose(id?: string): void
}) {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const [form] = Form.useForm<LessonForm>()
  const [saving, setSaving] = useState(false)
  const [preview, setPreview] = useState(false)
  const body = Form.useWatch('body', form) ?? ''

  const save = async (v: LessonForm) => {
    setSaving(true)
    try {
      const draft = {
        courseId: v.courseId,
        title: v.title,
        kind: v.kind,
        tags: v.tags ?? [],
        minutes: v.minutes,
        body: v.body,
      }
      const saved = await kefu.training.saveLesson(
        detail
          ? { id: detail.lesson.id, base: detail.base, draft, note: v.note ?? '' }
          : { draft, note: v.note ?? '' },
      )
      message.success(t('materials.saved'))
      onClose(saved.lesson.id)
    } catch (err) {
      const f = failure(err)
      form.setFields(
        Object.entries(f.fields).map(([name, msg]) => ({
          name: name.replace(/^draft\./, '') as keyof LessonForm,
          errors: [msg],
        })),
      )
      message.error(f.message)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open
      width={860}
      title={
        detail ? t('materials.editTitle', { title: detail.lesson.title }) : t('materials.newLesson')
      }
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      okText={t('actions.save')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'lesson-save' } as never}
      destroyOnHidden
    >
      <Form<LessonForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={
          detail
            ? { ...detail.lesson, note: '' }
            : { courseId, kind: 'lesson', tags: [], minutes: 10, title: '', body: '' }
        }
      >
        <Space wrap>
          <Form.Item name="courseId" label={t('materials.course')} rules={[{ required: true }]}>
            <Select
              style={{ width: 200 }}
              options={courses.map((c) => ({ value: c.id, label: c.title }))}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('materials.kind')}>
            <Select
              style={{ width: 120 }}
              options={LESSON_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="minutes" label={t('materials.minutes')}>
            <InputNumber min={1} max={120} />
          </Form.Item>
        </Space>
        <Form.Item
          name="title"
          label={t('materials.titleLabel')}
          rules={[{ required: true, message: t('materials.titleRequired') }]}
        >
          <Input maxLength={40} data-testid="lesson-title-input" />
        </Form.Item>
        <Form.Item name="tags" label={t('materials.tags')}>
          <Select mode="tags" tokenSeparators={[',', '，', '、']} />
        </Form.Item>
        <Form.Item
          name="body"
          label={
            <Space>
              {t('materials.body')}
              <Button size="small" type="link" onClick={() => setPreview(!preview)}>
                {preview ? t('materials.hidePreview') : t('materials.preview')}
              </Button>
            </Space>
          }
          rules={[{ required: true, message: t('materials.bodyRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 8, maxRows: 20 }} data-testid="lesson-body-input" />
        </Form.Item>
        {preview && <LessonBody body={body} images={detail?.images ?? {}} />}
        {detail && (
          <Form.Item name="note" label={t('materials.note')}>
            <Input maxLength={100} placeholder={t('materials.notePlaceholder')} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}

function CourseEditor({ onClose }: { onClose(): void }) {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const [form] = Form.useForm<{
    title: string
    description: string
    audience: 'onboarding' | 'monthly' | 'all'
  }>()
  return (
    <Modal
      open
      title={t('materials.newCourse')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('actions.save')}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ audience: 'all', description: '' }}
        onFinish={(draft) =>
          void kefu.training
            .saveCourse({ draft })
            .then(() => onClose())
            .catch((err: unknown) => message.error(failure(err).message))
        }
      >
        <Form.Item
          name="title"
          label={t('materials.courseTitle')}
          rules={[{ required: true, message: t('materials.titleRequired') }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="description" label={t('materials.courseDescription')}>
          <Input.TextArea maxLength={300} />
        </Form.Item>
        <Form.Item name="audience" label={t('materials.audience')}>
          <Select
            options={(['onboarding', 'monthly', 'all'] as const).map((a) => ({
              value: a,
              label: t(`audience.${a}`),
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
