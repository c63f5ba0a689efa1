import { render } from 'preact';
import { JoinApp } from './JoinApp.js';
import './join.css';

render(<JoinApp />, document.getElementById('join')!);
