import type { FormRules } from 'element-plus'
import type { RegisterArgs } from '@/api/bindings'
import { checkDisplayName, checkPassword, checkPasswordConfirm, checkUsername, rule } from '@/rules/account'
import { checkEmail, checkIdNumber, checkMobile } from '@/rules/identity'

/** The 注册 form's checks; `form` is read when a rule runs, for 确认密码. */
export function registerRules(form: RegisterArgs): FormRules<RegisterArgs> {
  return {
    username: [rule(checkUsername)],
    password: [rule(checkPassword)],
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
