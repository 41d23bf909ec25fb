import { onMounted, ref } from 'vue'
import { call } from '@/api'
import type { PasswordRules } from '@/api/generated/bindings'
import { DEFAULT_PASSWORD_RULES } from '@/rules/account'

/**
 * The password rules in force (安全设置), asked when the page opens, so that a page where a
 * password is chosen checks and explains what the core will check. Until the answer comes, or
 * when it does not, the default rules stand: the core checks again and has the last word.
 */
export function usePasswordRules() {
  const rules = ref<PasswordRules>({ ...DEFAULT_PASSWORD_RULES })
  onMounted(async () => {
    try {
      rules.value = await call('password_rules', null)
    } catch {
      // A hint only: the core's refusal goes beside the field.
    }
  })
  return rules
}
