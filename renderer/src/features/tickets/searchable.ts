/**
 * Type-to-search for a Select (问题分类, 平台, 店铺, people): typing narrows the list by the
 * option's label, Enter picks the first match, and with no match Enter picks nothing (never
 * silently another option).
 */
export const searchable = {
  showSearch: { optionFilterProp: 'label' },
  defaultActiveFirstOption: true,
} as const
