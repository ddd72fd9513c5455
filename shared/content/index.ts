/** Default content shipped in `resources/content/`: schemas, placeholders, checks, drill engine. */
export * from './schemas'
export * from './placeholders'
export * from './keywords'
export * from './checks'
export * from './drill-engine'
