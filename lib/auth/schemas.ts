/**
 * Bodies of the auth and admin routes (house style 2: validated at the trust boundary with
 * zod). Shared so the admin forms check the same limits before sending.
 */
import '@/lib/zod-jitless';
import { z } from 'zod';
import { ROLES } from '@/lib/control/actor';
import { telSchema } from '@/lib/control/actions';
import { TOKEN_ACCESS } from './types';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.@-]{2,64}$/, { error: 'username must be 2-64 letters, digits, _ . @ or -' });
export const passwordSchema = z.string().min(PASSWORD_MIN, { error: `password must be at least ${PASSWORD_MIN} characters` }).max(PASSWORD_MAX);
const teamSchema = z.string().trim().min(1).max(64).regex(/^[^,*]+$/, { error: 'team names may not contain , or *' });
export const teamsSchema = z.array(teamSchema).max(200);
const displayNameSchema = z.string().trim().min(1).max(100);
const roleSchema = z.enum(ROLES);
/**
 * A user's own phone or extension (the three-way call's default): the control path's `tel` rule,
 * so a stored number is always a valid `meeting` target. Null or '' clears it.
 */
export const userPhoneSchema = z.union([z.literal('').transform(() => null), z.null(), telSchema]);
/** Epoch ms in the future, or null for "never". */
const expiresSchema = z.number().int().positive().nullable().optional();

export const loginSchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  // Not the policy: an old password shorter than today's minimum must still sign in.
  password: z.string().min(1).max(PASSWORD_MAX),
});

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX),
  newPassword: passwordSchema,
});

export const createUserSchema = z.strictObject({
  username: usernameSchema,
  displayName: displayNameSchema,
  role: roleSchema,
  teams: teamsSchema.default([]),
  password: passwordSchema,
  phone: userPhoneSchema.optional(),
});

export const updateUserSchema = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    role: roleSchema.optional(),
    teams: teamsSchema.optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
    phone: userPhoneSchema.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { error: 'nothing to change' });

/** Board URL parameters a display link may carry (everything else is dropped). */
export const DISPLAY_VIEW_KEYS = ['density', 'sort', 'group', 'lang', 'theme', 'page', 'kiosk', 'status'] as const;

export const displayViewSchema = z
  .partialRecord(z.enum(DISPLAY_VIEW_KEYS), z.string().trim().max(64).regex(/^[A-Za-z0-9_,-]*$/, { error: 'letters, digits, _ , -' }))
  .default({});

export const createDisplayLinkSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** '*' for the whole floor; otherwise at least one team (an empty list never means "all"). */
  teams: z.union([z.literal('*'), teamsSchema.min(1)]),
  view: displayViewSchema,
  expiresAt: expiresSchema,
});

export const createTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: roleSchema,
  teams: teamsSchema.default([]),
  access: z.enum(TOKEN_ACCESS).default('read'),
  expiresAt: expiresSchema,
});

export type CreateUserInput = z.input<typeof createUserSchema>;
export type UpdateUserInput = z.input<typeof updateUserSchema>;
export type CreateDisplayLinkInput = z.input<typeof createDisplayLinkSchema>;
export type CreateTokenInput = z.input<typeof createTokenSchema>;
