export { BaseCommand, EXIT } from './base-command.js';
export { createProgress, type Progress } from './progress.js';
export { readCardFile } from './read-card.js';
