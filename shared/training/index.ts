/** Training (培训, issue 10): pure rules for exams, drills, records and imports. */
export * from './model'
export * from './rng'
export * from './exam'
export * from './drill'
export * from './due'
export * from './import'
export * from './assessment'
