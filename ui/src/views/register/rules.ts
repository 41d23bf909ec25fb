import type { FormRules } from 'element-plus'
import type { Ref } from 'vue'
import type { PasswordRules, RegisterArgs } from '@/api/generated/bindings'
import { checkDisplayName, checkPassword, checkPasswordConfirm, checkUsername, rule } from '@/rules/account'
import { checkEmail, checkIdNumber, checkMobile } from '@/rules/identity'

/**
 * The 注册 form's checks; `form` is read when a rule runs, for 确认密码, and so are the password
 * rules of 安全设置 (the defaults until the page has them).
 */
export function registerRules(form: RegisterArgs, passwordRules?: Ref<PasswordRules>): FormRules<RegisterArgs> {
  return {
    username: [rule(checkUsername)],
    password: [rule((v) => checkPassword(v, passwordRules?.value))],
    passwordConfirm: [rule((v) => checkPasswordConfirm(v, form.password))],
    displayName: [rule(checkDisplayName)],
    idNumber: [rule((v) => checkIdNumber(v))],
    phone: [rule(checkMobile)],
    email: [rule(checkEmail)],
    captchaAnswer: [{ required: true, whitespace: true, message: '请输入验证码', trigger: 'blur' }],
  }
}

export function emptyRegisterForm(): RegisterArgs {
  return {
    username: '',
    password: '',
    passwordConfirm: '',
    displayName: '',
    idNumber: '',
    phone: '',
    email: '',
    captchaId: '',
    captchaAnswer: '',
  }
}
