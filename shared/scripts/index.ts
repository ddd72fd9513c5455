/** Reply scripts (话术), pure: model, picker ranking, suggestions, fill, diff, import checks. */
export * from './model'
export * from './rank'
export * from './suggest'
export * from './fill'
export * from './diff'
export * from './import'
export * from './cells'
