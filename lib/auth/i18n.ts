/**
 * Strings of the sign-in and admin pages, in the board's two languages. Kept beside the auth
 * code (lib/i18n belongs to the board); same `{name}` placeholders and `interpolate`.
 */
import { interpolate, type Vars } from '@/lib/i18n/dictionaries';
import type { Lang } from '@/lib/i18n/locales';

const en = {
  'login.title': 'Sign in to Floorboard',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.busy': 'Signing in…',
  'login.invalid': 'Wrong username or password.',
  'login.locked': 'Too many failed attempts. Try again in {seconds} s.',
  'login.error': 'Sign-in failed ({code}). Try again.',
  'login.displayHint': 'Wall displays open their display link instead of signing in.',

  'admin.title': 'Administration',
  'admin.board': 'Back to the board',
  'admin.signOut': 'Sign out',
  'admin.signedInAs': 'Signed in as {name}',
  'admin.users': 'Users',
  'admin.displayLinks': 'Display links',
  'admin.tokens': 'API tokens',
  'admin.loading': 'Loading…',
  'admin.error': 'Failed: {code} {message}',
  'admin.saved': 'Saved.',
  'admin.never': 'never',
  'admin.create': 'Create',
  'admin.save': 'Save',
  'admin.revoke': 'Revoke',
  'admin.revoked': 'Revoked',
  'admin.copy': 'Copy',
  'admin.copied': 'Copied',
  'admin.active': 'Active',
  'admin.name': 'Name',
  'admin.teams': 'Teams',
  'admin.teamsHint': 'Comma-separated, e.g. A,B',
  'admin.allTeams': 'Whole floor',
  'admin.role': 'Role',
  'admin.lastUse': 'Last use',
  'admin.created': 'Created',
  'admin.status': 'Status',
  'admin.actions': 'Actions',
  'admin.expires': 'Expires after (days, empty: never)',
  'admin.shownOnce': 'Copy it now: it is shown only this once.',

  'role.viewer': 'Viewer',
  'role.team_lead': 'Team lead',
  'role.manager': 'Manager',
  'role.admin': 'Admin',

  'users.username': 'Username',
  'users.displayName': 'Display name',
  'users.password': 'Password (at least 8 characters)',
  'users.lastLogin': 'Last sign-in',
  'users.disabled': 'Disabled',
  'users.disable': 'Disable',
  'users.enable': 'Enable',
  'users.delete': 'Delete',
  'users.confirmDelete': 'Delete user {name}? This cannot be undone.',
  'users.signOutAll': 'Sign out everywhere',
  'users.newPassword': 'New password',
  'users.setPassword': 'Set password',
  'users.add': 'Add a user',
  // --- issue 5: the user's own phone (three-way calls) ---
  'users.phone': 'Own phone or extension',
  'users.phoneHint': 'Prefilled in the three-way call dialog. Digits, + and -, 3-20 characters.',
  'users.phoneInvalid': 'Digits, + and -, 3-20 characters',
  // --- end issue 5 ---

  'links.add': 'New display link',
  'links.url': 'Link',
  'links.view': 'View',
  'links.density': 'Density',
  'links.sort': 'Sort',
  'links.lang': 'Language',
  'links.theme': 'Theme',
  'links.default': '(default)',

  'tokens.add': 'New API token',
  'tokens.access': 'Access',
  'tokens.read': 'Read only',
  'tokens.act': 'Read and act',
} as const;

export type AuthMessageKey = keyof typeof en;

const zhCN: { readonly [K in AuthMessageKey]: string } = {
  'login.title': '登录 Floorboard',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.busy': '正在登录…',
  'login.invalid': '用户名或密码错误。',
  'login.locked': '失败次数过多，请在 {seconds} 秒后重试。',
  'login.error': '登录失败（{code}），请重试。',
  'login.displayHint': '墙面大屏请打开显示链接，无需登录。',

  'admin.title': '系统管理',
  'admin.board': '返回看板',
  'admin.signOut': '退出登录',
  'admin.signedInAs': '当前用户：{name}',
  'admin.users': '用户',
  'admin.displayLinks': '显示链接',
  'admin.tokens': 'API 令牌',
  'admin.loading': '加载中…',
  'admin.error': '操作失败：{code} {message}',
  'admin.saved': '已保存。',
  'admin.never': '从未',
  'admin.create': '创建',
  'admin.save': '保存',
  'admin.revoke': '撤销',
  'admin.revoked': '已撤销',
  'admin.copy': '复制',
  'admin.copied': '已复制',
  'admin.active': '有效',
  'admin.name': '名称',
  'admin.teams': '班组',
  'admin.teamsHint': '用逗号分隔，例如 A,B',
  'admin.allTeams': '全部班组',
  'admin.role': '角色',
  'admin.lastUse': '最近使用',
  'admin.created': '创建时间',
  'admin.status': '状态',
  'admin.actions': '操作',
  'admin.expires': '有效天数（留空：永久）',
  'admin.shownOnce': '请立即复制：此内容只显示这一次。',

  'role.viewer': '查看者',
  'role.team_lead': '组长',
  'role.manager': '经理',
  'role.admin': '管理员',

  'users.username': '用户名',
  'users.displayName': '显示名称',
  'users.password': '密码（至少 8 个字符）',
  'users.lastLogin': '最近登录',
  'users.disabled': '已停用',
  'users.disable': '停用',
  'users.enable': '启用',
  'users.delete': '删除',
  'users.confirmDelete': '确定删除用户 {name}？此操作无法撤销。',
  'users.signOutAll': '退出所有会话',
  'users.newPassword': '新密码',
  'users.setPassword': '设置密码',
  'users.add': '添加用户',
  // --- issue 5: the user's own phone (three-way calls) ---
  'users.phone': '本人电话或分机',
  'users.phoneHint': '三方通话对话框会预先填入。数字、+ 和 -，3 到 20 个字符。',
  'users.phoneInvalid': '数字、+ 和 -，3 到 20 个字符',
  // --- end issue 5 ---

  'links.add': '新建显示链接',
  'links.url': '链接',
  'links.view': '视图',
  'links.density': '密度',
  'links.sort': '排序',
  'links.lang': '语言',
  'links.theme': '主题',
  'links.default': '（默认）',

  'tokens.add': '新建 API 令牌',
  'tokens.access': '权限',
  'tokens.read': '只读',
  'tokens.act': '读取并操作',
};

export const AUTH_DICTIONARIES: Readonly<Record<Lang, { readonly [K in AuthMessageKey]: string }>> = { en, 'zh-CN': zhCN };

export type AuthTranslate = (key: AuthMessageKey, vars?: Vars) => string;

export function authTranslator(lang: Lang): AuthTranslate {
  const dict = AUTH_DICTIONARIES[lang];
  return (key, vars) => interpolate(dict[key], vars);
}
