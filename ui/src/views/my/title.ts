/** The window title of a page whose title depends on what it shows (the router sets the rest). */
export function setPageTitle(title: string): void {
  document.title = `${title} - 社会工作者登记管理系统`
}
