import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Element Plus is imported on demand (vite.config.ts); its locale is set in App.vue.
import 'element-plus/theme-chalk/base.css'
import './styles/theme.css'
import './styles/index.css'
import App from './App.vue'
import { applyTextSize } from './a11y/textSize'
import { watchA11y } from './a11y/watch'
import { router } from './router'
import { connectSession } from './session-events'

// The larger-text setting before the first page is drawn.
applyTextSize()
const app = createApp(App)
// Pinia first: the router's guard reads the stores on the first navigation.
app.use(createPinia())
// Before the router starts: its guard's first navigation already calls the core.
connectSession(router)
app.use(router)
app.mount('#app')
watchA11y()
