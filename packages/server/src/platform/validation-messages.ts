import type { Lang } from '@fengqiao/domain';

/** A zod issue as it arrives in a validation error (only the fields we read). */
export interface IssueLike {
  code: string;
  path: PropertyKey[];
  message?: string;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  format?: string;
  keys?: string[];
  values?: unknown[];
  params?: { zh?: string; en?: string };
}

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  date: '日期',
  bigint: '整数',
};

/** Field-level message in the request's language; the field itself goes in `details[].path`. */
export function issueMessage(issue: IssueLike, lang: Lang): string {
  const zh = lang === 'zh-CN';
  // Custom refinements carry their own bilingual text in params.
  if (issue.code === 'custom' && issue.params && (issue.params.zh || issue.params.en)) {
    return (zh ? issue.params.zh : issue.params.en) ?? issue.message ?? '';
  }
  const size =
    issue.origin === 'string'
      ? zh
        ? '个字符'
        : ' characters'
      : issue.origin === 'array'
        ? zh
          ? '项'
          : ' items'
        : '';
  switch (issue.code) {
    case 'invalid_type':
      if (zh)
        return issue.expected ? `必填，且应为${TYPE_ZH[issue.expected] ?? issue.expected}` : '类型不正确';
      return issue.expected ? `required, and must be ${issue.expected}` : 'wrong type';
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1)
        return zh ? '不能为空' : 'must not be empty';
      if (issue.origin === 'string' || issue.origin === 'array')
        return zh ? `至少 ${issue.minimum}${size}` : `at least ${issue.minimum}${size}`;
      return zh
        ? `不能小于${issue.inclusive === false ? '或等于' : ''} ${issue.minimum}`
        : `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string' || issue.origin === 'array')
        return zh ? `最多 ${issue.maximum}${size}` : `at most ${issue.maximum}${size}`;
      return zh
        ? `不能大于${issue.inclusive === false ? '或等于' : ''} ${issue.maximum}`
        : `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}`;
    case 'invalid_format':
      return zh ? `格式不正确（${issue.format ?? ''}）` : `invalid format (${issue.format ?? ''})`;
    case 'unrecognized_keys':
      return zh
        ? `不允许的字段：${(issue.keys ?? []).join('、')}`
        : `unknown fields: ${(issue.keys ?? []).join(', ')}`;
    case 'invalid_value':
      return zh
        ? `取值应为：${(issue.values ?? []).map(String).join('、')}`
        : `must be one of: ${(issue.values ?? []).map(String).join(', ')}`;
    case 'invalid_union':
      return zh ? '取值不符合任何允许的形式' : 'does not match any allowed form';
    case 'not_multiple_of':
      return zh ? '数值不符合步长要求' : 'not a multiple of the required step';
    default:
      return issue.message ?? (zh ? '取值无效' : 'invalid value');
  }
}
