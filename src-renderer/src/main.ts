import { mount } from 'svelte';
import App from './App.svelte';
import { connectApi } from './lib/api/bridge';
import { Dashboard } from './lib/state/dashboard.svelte';
import './styles.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');

// The page talks to one Api for its whole life, so its state is built once here, before any
// component, and App only shows it (no component has to capture a prop's first value).
mount(App, { target, props: { board: new Dashboard(connectApi()) } });
