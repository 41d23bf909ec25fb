import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import './styles/index.css'
import App from './App.vue'
import { router } from './router'
import { connectSession } from './session-events'

const app = createApp(App)
// Pinia first: the router's guard reads the stores on the first navigation.
app.use(createPinia())
// Before the router starts: its guard's first navigation already calls the core.
connectSession(router)
app.use(router)
app.use(ElementPlus, { locale: zhCn })
app.mount('#app')
